package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faasflow.embedded.Cluster;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.LeftBehind;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.processes.ProcessCluster;
import dev.faasflow.processes.ProcessOptions;
import dev.faasflow.embedded.FunctionServerProcess;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.StoreUnavailableException;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.InputJson;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;

import org.HdrHistogram.DoubleHistogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code faasflow run}: the whole engine embedded — N simulated nodes on loopback — running K invocations. */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
        description = "Run invocations on the embedded engine: N agents, N function runtimes and the coordinator in "
                + "this process, each on its own loopback port (with --processes: each node and the coordinator as its "
                + "own process, optionally in network namespaces). Prints per invocation status, end-to-end ms, schedule "
                + "and data overhead ms, bytes moved locally and remotely; then medians and p99, and whether any state "
                + "or node memory was left behind. Exit 1 when an invocation did not succeed.")
final class RunCommand extends CliCommand {
    static final int MAX_NODES = 256;
    static final int MAX_INVOCATIONS = 1_000_000;
    static final int MAX_CONCURRENCY = 10_000;
    static final double MAX_TIME_SCALE = 100;
    static final double MAX_TIMEOUT_SECONDS = 86_400;
    static final long MAX_NODE_MEMORY_MIB = 1L << 20;
    static final long MAX_COLD_START_MS = 600_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "FILE", description = "A flat_workflow.yaml, a folder holding one, or a benchmark name.")
    String file;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "7", description = "Simulated nodes (1 to " + MAX_NODES + ").")
    int nodes;

    @Option(names = "--control-mode", paramLabel = "MODE", completionCandidates = Ranges.ControlModes.class,
            description = "WorkerSP (agents trigger each other) or MasterSP (the central baseline).")
    String controlMode = "WorkerSP";

    @Mixin
    PlanningOptions planning;

    @Option(names = "--invocations", paramLabel = "N", defaultValue = "1", description = "Invocations to run.")
    int invocations;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1", description = "Invocations in flight at once.")
    int concurrency;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1.0",
            description = "Replayed functions sleep runtime × this many seconds (0 to 100).")
    double timeScale;

    @Option(names = "--remote", paramLabel = "redis://HOST:PORT",
            description = "A real Redis as the remote tier (default: an in-process stand-in).")
    String remote;

    @Option(names = "--input", paramLabel = "JSON|FILE",
            description = "The invocation's global inputs as a JSON object or a file holding one (default: the "
                    + "benchmark's input.json); inputs not given are generated at their declared size.")
    String input;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "Each invocation's timeout.")
    double timeoutSeconds;

    @Option(names = "--node-memory", paramLabel = "MiB",
            description = "Each simulated node's local-tier capacity (default: half the heap); beyond it writes spill to Redis.")
    Long nodeMemoryMiB;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "120",
            description = "Slots of each simulated node: the planner plans with them and each node's agent runs at most "
                    + "that many slots' worth of function instances at once (a function of scale 3 takes 3); "
                    + "the rest wait in its queue, longest remaining path first.")
    int slots;

    @Option(names = "--cold-start-ms", paramLabel = "MS", defaultValue = "0", description = "Cost of starting a new function instance.")
    long coldStartMillis;

    @Option(names = "--function-calls", paramLabel = "HOW", completionCandidates = FunctionCalls.class,
            description = "http (the contract) or in-process (agents hand run requests to their node's runtime "
                    + "directly: the control plane's own cost).")
    String functionCalls = "http";

    @Option(names = "--strict-inputs", description = "Reject an input the invocation does not give instead of generating it.")
    boolean strictInputs;

    @Option(names = "--allow-unknown-inputs",
            description = "Pass on input keys the workflow does not declare (functions may read them as parameters) "
                    + "instead of refusing them.")
    boolean allowUnknownInputs;

    @Option(names = "--store-over-http", description = "Functions reach their node's store over HTTP, not in-process.")
    boolean storeOverHttp;

    @Option(names = "--no-probe", description = "MasterSP skips the artifact's per-function probe of every worker.")
    boolean noProbe;

    @Option(names = "--processes", description = "Each node (agent, runtime, node memory) and the coordinator (with the "
            + "gateway) as its own process, and Redis on a storage node (without --remote); invocations go through the gateway.")
    boolean processes;

    @Option(names = "--netns", description = "With --processes: each process in its own network namespace on one bridge "
            + "(root), tc netem delay between them, tc tbf on the storage node's link.")
    boolean netns;

    @Option(names = "--rtt-ms", paramLabel = "MS", description = "With --netns: round trip between two processes "
            + "(default 0.5, a datacenter's; 0 for none).")
    Double rttMs;

    @Option(names = "--storage-mbps", paramLabel = "MBps", description = "With --netns: the storage node's link rate in MB/s "
            + "(the paper's 25/50/75/100; default: not limited).")
    Integer storageMbps;

    @Option(names = "--functions", paramLabel = "DIR|COMMAND",
            description = "Run your own functions instead of the built-in ones: a directory of jars (your functions "
                    + "and the Java SDK), a directory holding functions.py (Python SDK), or a command that serves the "
                    + "function contract on $FAASFLOW_FUNCTION_PORT. Started once, shared by every node.")
    String functions;

    @Option(names = "--json", description = "Print one JSON object whose invocations array has status, e2eMs, ...")
    boolean json;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every invocation's function attempts (node, "
            + "queue wait, run, attempt, bytes) to FILE in Chrome's trace-event format, which Perfetto "
            + "(ui.perfetto.dev) and chrome://tracing open.")
    java.nio.file.Path trace;

    @Option(names = "--timeline", paramLabel = "FILE.svg", description = "Draw the first invocation as an SVG timeline:"
            + " a band per node, a bar per function attempt at its time, the critical path in red.")
    java.nio.file.Path timeline;

    static final double MAX_RTT_MS = 10_000;
    static final int MAX_STORAGE_MBPS = 100_000;

    static final class FunctionCalls implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("http", "in-process").iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Workflow wf = Benchmarks.loadPathOrName(file);
        Outputs.requireWritable(spec, "--trace", trace);
        Outputs.requireWritable(spec, "--timeline", timeline);
        ControlMode mode = Ranges.controlMode(spec, controlMode);
        GroupingOptions grouping = planning.grouping();
        long timeoutMillis = Math.round(Ranges.number(spec, "--timeout", timeoutSeconds, 0.001, MAX_TIMEOUT_SECONDS) * 1000);
        JsonNode given = input(wf);
        EmbeddedOptions options = EmbeddedOptions.defaults(Ranges.whole(spec, "--nodes", nodes, 1, MAX_NODES))
                .withRedis(Ranges.redis(spec, "--remote", remote))
                .withInProcessStore(!storeOverHttp).withProbeWorkers(!noProbe)
                .withFunctionTimeoutMillis(Math.max(60_000, timeoutMillis))
                .withQuotaOverrideBytes(grouping.quotaOverride() == null ? -1 : grouping.quotaOverride())
                .withNodeMemoryBytes(nodeMemoryMiB == null ? -1
                        : Ranges.whole(spec, "--node-memory", nodeMemoryMiB, 0, MAX_NODE_MEMORY_MIB) * 1024 * 1024)
                .withColdStartMillis(Ranges.whole(spec, "--cold-start-ms", coldStartMillis, 0, MAX_COLD_START_MS))
                .withInProcessCalls(functionCallsInProcess())
                .withSlots(Ranges.whole(spec, "--slots", slots, 1, PlanCommand.MAX_SLOTS));
        InvokeOptions invokeOptions = new InvokeOptions(timeoutMillis, !strictInputs,
                Ranges.number(spec, "--time-scale", timeScale, 0, MAX_TIME_SCALE), allowUnknownInputs);
        int count = Ranges.whole(spec, "--invocations", invocations, 1, MAX_INVOCATIONS);
        int inFlight = Ranges.whole(spec, "--concurrency", concurrency, 1, MAX_CONCURRENCY);
        PrintStream out = io.out();
        ProcessOptions layout = processOptions(options);
        try (Cluster cluster = layout == null ? start(options) : startProcesses(layout)) {
            Plan plan = cluster.deploy(wf, grouping, mode);
            if (!json) {
                out.printf(Locale.ROOT, "workflow %s: %d functions in %d groups on %d nodes; %s, data mode %s%n",
                        wf.name(), wf.size(), plan.groups().size(), plan.usedNodes().size(), mode.label(),
                        plan.dataMode().label());
                if (cluster instanceof ProcessCluster pc) {
                    out.println("processes: " + pc.describe());
                }
                out.println("remote tier: " + cluster.remoteDescription());
            }
            List<RunOutcome> outcomes;
            try (Progress progress = Progress.of(io, wf.name(), "invocations", count)) {
                outcomes = runAll(cluster, wf.name(), given, invokeOptions, count, inFlight, progress);
            }
            if (timeline != null) {
                RunOutcome first = outcomes.stream().filter(RunOutcome::started).findFirst().orElse(null);
                if (first != null) {
                    Outputs.write(spec, "--timeline", timeline,
                            dev.faasflow.pictures.TimelinePicture.svg(first.result()));
                    io.err().println("timeline of " + first.result().id() + " drawn in " + timeline);
                }
            }
            if (trace != null) {
                writeTrace(outcomes);
            }
            LeftBehind left = cluster.leftBehind(outcomes.stream().filter(RunOutcome::started)
                    .map(o -> o.result().id()).toList());
            if (json) {
                out.println(toJson(wf, mode, plan, cluster, outcomes, left).toPrettyString());
            } else {
                printTable(outcomes, out);
                out.println("left behind: " + left.describe());
            }
            boolean ok = left.nothing() && outcomes.stream().allMatch(RunOutcome::ok);
            return ok ? Main.OK : Main.FAILED;
        }
    }

    /** The trace file; a file that cannot be written is a usage error naming it. */
    private void writeTrace(List<RunOutcome> outcomes) {
        List<InvocationResult> results = outcomes.stream().filter(RunOutcome::started).map(RunOutcome::result).toList();
        Outputs.write(spec, "--trace", trace, dev.faasflow.coordinator.trace.ChromeTrace.of(results).toString());
        io.err().println("trace of " + results.size() + " invocations written to " + trace
                + " (Chrome trace-event format: open it in ui.perfetto.dev)");
    }

    /** The process layout, or null for the embedded engine; the process options without --processes are refused. */
    private ProcessOptions processOptions(EmbeddedOptions engine) {
        if (!processes) {
            for (Object[] o : new Object[][] {{"--netns", netns ? true : null}, {"--rtt-ms", rttMs}, {"--storage-mbps", storageMbps}}) {
                if (o[1] != null) {
                    throw new ParameterException(spec.commandLine(), o[0] + " needs --processes");
                }
            }
            return null;
        }
        if (!netns && (rttMs != null || storageMbps != null)) {
            throw new ParameterException(spec.commandLine(), (rttMs != null ? "--rtt-ms" : "--storage-mbps")
                    + " needs --netns (network namespaces)");
        }
        if (storageMbps != null && remote != null) {
            throw new ParameterException(spec.commandLine(), "--storage-mbps limits the cluster's own storage node: leave out --remote");
        }
        ProcessOptions layout = netns ? ProcessOptions.namespaced(engine) : ProcessOptions.loopback(engine);
        if (rttMs != null) {
            layout = layout.withRttMs(Ranges.number(spec, "--rtt-ms", rttMs, 0, MAX_RTT_MS));
        }
        if (storageMbps != null) {
            layout = layout.withStorageMbps(Ranges.whole(spec, "--storage-mbps", storageMbps, 1, MAX_STORAGE_MBPS));
        }
        return layout;
    }

    /** What this machine cannot give (namespaces without root, a delay without netem) is one line, exit 2. */
    private ProcessCluster startProcesses(ProcessOptions layout) throws Exception {
        try {
            return ProcessCluster.start(layout);
        } catch (ProcessCluster.UnavailableHereException e) {
            throw new ParameterException(spec.commandLine(), e.option() + ": " + e.getMessage());
        }
    }

    /** An unreachable {@code --remote} is bad input, named as such. */
    private EmbeddedCluster start(EmbeddedOptions options) throws Exception {
        try {
            return functions == null ? EmbeddedCluster.start(options) : EmbeddedCluster.startWithFunctions(options, functions);
        } catch (FunctionServerProcess.StartFailure e) {
            throw new ParameterException(spec.commandLine(), "--functions: " + e.getMessage());
        } catch (StoreUnavailableException e) {
            throw new ParameterException(spec.commandLine(), "--remote: " + e.getMessage());
        }
    }

    private boolean functionCallsInProcess() {
        return switch (functionCalls) {
            case "http" -> false;
            case "in-process" -> true;
            default -> throw new ParameterException(spec.commandLine(),
                    "--function-calls is http or in-process, got '" + functionCalls + "'");
        };
    }

    /** The input, read strictly ({@link InputJson}): the given JSON or file, else the benchmark's sample. */
    private JsonNode input(Workflow wf) throws WorkflowException {
        boolean inline = input != null && input.trim().startsWith("{");
        String sample = input == null ? Benchmarks.defaultInput(file) : null;
        String where = inline ? "--input" : input != null ? input : "the sample input of " + file;
        JsonNode parsed = inline ? InputJson.parseObject("--input", input)
                : input != null ? InputJson.readObject(Path.of(input))
                : sample != null ? InputJson.parseObject(where, sample) : JSON.createObjectNode();
        InputJson.checkKeys(where, wf, parsed, allowUnknownInputs,
                "to pass it on anyway (functions may read it as a parameter), add --allow-unknown-inputs");
        return parsed;
    }

    /**
     * How one invocation of the run went: its result, and what could not be cleared after it (by the engine at its
     * end, or when its results were deleted).
     */
    record RunOutcome(InvocationResult result, List<String> cleanupErrors, boolean started) {
        RunOutcome {
            cleanupErrors = List.copyOf(cleanupErrors);
        }

        boolean ok() {
            return result.phase() == InvocationPhase.SUCCEEDED && cleanupErrors.isEmpty();
        }
    }

    /**
     * Runs {@code count} invocations, {@code concurrency} at a time, and deletes each one's results once it ended.
     * Whatever the engine or the remote tier does, every invocation gets an outcome: a failure of one never hides
     * the others. Only bad input for the very first invocation is thrown (nothing ran yet).
     */
    static List<RunOutcome> runAll(Cluster cluster, String workflow, JsonNode input, InvokeOptions options,
                                   int count, int concurrency, Progress progress) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<RunOutcome>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            InvocationHandle handle;
            try {
                handle = cluster.invoke(workflow, input, options);
            } catch (InvalidInvocationException e) {
                slots.release();
                if (i == 0) {
                    throw e;
                }
                all.add(CompletableFuture.completedFuture(new RunOutcome(notStarted(workflow, i, e.getMessage()), List.of(), false)));
                continue;
            }
            String id = handle.id();
            all.add(handle.result()
                    .handle((r, err) -> r != null ? r : lost(id, workflow, err))
                    .whenComplete((r, e) -> {
                        slots.release();
                        if (progress != null) {
                            progress.step(r.phase() == InvocationPhase.SUCCEEDED);
                        }
                    })
                    .thenCompose(r -> deleteResults(cluster, r)));
        }
        List<RunOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<RunOutcome> f : all) {
            outcomes.add(f.get());
        }
        return outcomes;
    }

    /** Drops the invocation's results in the engine and the remote tier; a failure is one more cleanup error. */
    private static CompletableFuture<RunOutcome> deleteResults(Cluster cluster, InvocationResult r) {
        return cluster.delete(r.id()).handle((deleted, err) -> {
            List<String> errors = new ArrayList<>(r.cleanupErrors());
            if (err != null) {
                errors.add("could not delete its results: " + Main.describe(Futures.unwrap(err)));
            }
            return new RunOutcome(r, errors, true);
        });
    }

    /** An invocation whose result never came (a bug in the engine): Failed, saying so. */
    private static InvocationResult lost(String id, String workflow, Throwable err) {
        return failure(id, workflow, "the engine lost it: " + Main.describe(Futures.unwrap(err)));
    }

    private static InvocationResult notStarted(String workflow, int index, String why) {
        return failure("(invocation " + (index + 1) + ")", workflow, "not started: " + why);
    }

    private static InvocationResult failure(String id, String workflow, String message) {
        long now = System.currentTimeMillis();
        return new InvocationResult(id, workflow, InvocationPhase.FAILED, null, message, now, now, 0, 0, 0, 0, 0,
                Map.of(), List.of(), List.of(), List.of());
    }

    private static void printTable(List<RunOutcome> outcomes, PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %-10s %10s %12s %10s %14s %14s %12s %12s%n", "INVOCATION", "STATUS", "E2E MS",
                "SCHED OH MS", "DATA MS", "BYTES LOCAL", "BYTES REMOTE", "QUEUED MS", "MAX QUEUED");
        for (RunOutcome o : outcomes) {
            InvocationResult r = o.result();
            out.printf(Locale.ROOT, "%-18s %-10s %10.1f %12.1f %10.1f %14d %14d %12.1f %12.1f%n", r.id(),
                    r.phase().label(), r.e2eMs(), r.scheduleOverheadMs(), r.dataOverheadMs(), r.bytesLocal(),
                    r.bytesRemote(), queuedMs(r), maxQueuedMs(r));
            if (r.phase() != InvocationPhase.SUCCEEDED) {
                out.println("    " + r.message());
            }
            for (String e : o.cleanupErrors()) {
                out.println("    not cleared: " + e);
            }
        }
        List<InvocationResult> ok = succeeded(outcomes);
        if (!ok.isEmpty()) {
            out.printf(Locale.ROOT, "%-18s %-10s %10.1f %12.1f %10.1f%n", "median", ok.size() + " ok",
                    pct(ok, InvocationResult::e2eMs, 50), pct(ok, InvocationResult::scheduleOverheadMs, 50),
                    pct(ok, InvocationResult::dataOverheadMs, 50));
            out.printf(Locale.ROOT, "%-18s %-10s %10.1f %12.1f %10.1f%n", "p99", "",
                    pct(ok, InvocationResult::e2eMs, 99), pct(ok, InvocationResult::scheduleOverheadMs, 99),
                    pct(ok, InvocationResult::dataOverheadMs, 99));
            InvocationResult first = ok.get(0);
            if (!first.results().isEmpty()) {
                out.println("results of " + first.id() + ":");
                for (Map.Entry<String, JsonNode> e : first.results().entrySet()) {
                    String v = e.getValue().toString();
                    out.println("  " + e.getKey() + " = " + (v.length() > 200 ? v.substring(0, 200) + "…" : v));
                }
            }
        }
        long failed = outcomes.stream().filter(o -> o.result().phase() != InvocationPhase.SUCCEEDED).count();
        long uncleared = outcomes.stream().filter(o -> !o.cleanupErrors().isEmpty()).count();
        out.printf(Locale.ROOT, "%d invocations: %d succeeded, %d did not; %d not fully cleared%n", outcomes.size(),
                outcomes.size() - failed, failed, uncleared);
    }

    private static List<InvocationResult> succeeded(List<RunOutcome> outcomes) {
        return outcomes.stream().map(RunOutcome::result).filter(r -> r.phase() == InvocationPhase.SUCCEEDED).toList();
    }

    /** Time the invocation's function instances waited on their nodes for slots, summed. */
    static double queuedMs(InvocationResult r) {
        return r.functions().stream().mapToDouble(FunctionRecord::queuedMs).sum();
    }

    /** The longest any one of its function instances waited for slots. */
    static double maxQueuedMs(InvocationResult r) {
        return r.functions().stream().mapToDouble(FunctionRecord::queuedMs).max().orElse(0);
    }

    /** The p-th percentile of one measure over the results (HdrHistogram, three significant digits); 0 for none. */
    static double pct(List<InvocationResult> results, java.util.function.ToDoubleFunction<InvocationResult> f, double p) {
        if (results.isEmpty()) {
            return 0;
        }
        DoubleHistogram histogram = new DoubleHistogram(3);
        results.forEach(r -> histogram.recordValue(Math.max(0, f.applyAsDouble(r))));
        return histogram.getValueAtPercentile(p);
    }

    private static ObjectNode toJson(Workflow wf, ControlMode mode, Plan plan, Cluster cluster,
                                     List<RunOutcome> outcomes, LeftBehind left) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workflow", wf.name());
        root.put("controlMode", mode.label());
        root.put("dataMode", plan.dataMode().label());
        root.put("nodes", cluster.nodes().size());
        root.put("groups", plan.groups().size());
        root.put("remote", cluster.remoteDescription());
        ArrayNode arr = root.putArray("invocations");
        for (RunOutcome outcome : outcomes) {
            InvocationResult r = outcome.result();
            ObjectNode o = arr.addObject();
            o.put("id", r.id());
            o.put("status", r.phase().label());
            o.put("e2eMs", round(r.e2eMs()));
            o.put("scheduleOverheadMs", round(r.scheduleOverheadMs()));
            o.put("dataOverheadMs", round(r.dataOverheadMs()));
            o.put("bytesLocal", r.bytesLocal());
            o.put("bytesRemote", r.bytesRemote());
            o.put("queuedMs", round(queuedMs(r)));
            o.put("maxQueuedMs", round(maxQueuedMs(r)));
            ObjectNode queued = o.putObject("queuedMsByFunction");
            r.functions().stream().filter(f -> f.queuedMs() > 0)
                    .collect(java.util.stream.Collectors.groupingBy(FunctionRecord::function, java.util.TreeMap::new,
                            java.util.stream.Collectors.summingDouble(FunctionRecord::queuedMs)))
                    .forEach((fn, ms) -> queued.put(fn, round(ms)));
            if (r.failedFunction() != null) {
                o.put("failedFunction", r.failedFunction());
            }
            if (r.message() != null) {
                o.put("message", r.message());
            }
            ArrayNode cp = o.putArray("criticalPath");
            r.criticalPath().forEach(cp::add);
            o.set("results", JSON.valueToTree(r.results()));
            ArrayNode errors = o.putArray("cleanupErrors");
            outcome.cleanupErrors().forEach(errors::add);
        }
        List<InvocationResult> ok = succeeded(outcomes);
        ObjectNode summary = root.putObject("summary");
        summary.put("succeeded", ok.size());
        summary.put("failed", outcomes.size() - ok.size());
        summary.put("notFullyCleared", outcomes.stream().filter(o -> !o.cleanupErrors().isEmpty()).count());
        for (String[] m : new String[][] {{"e2eMs", "e"}, {"scheduleOverheadMs", "s"}, {"dataOverheadMs", "d"},
                {"queuedMs", "q"}}) {
            java.util.function.ToDoubleFunction<InvocationResult> f = switch (m[1]) {
                case "e" -> InvocationResult::e2eMs;
                case "s" -> InvocationResult::scheduleOverheadMs;
                case "q" -> RunCommand::queuedMs;
                default -> InvocationResult::dataOverheadMs;
            };
            summary.put(m[0] + "Median", round(pct(ok, f, 50)));
            summary.put(m[0] + "P99", round(pct(ok, f, 99)));
        }
        root.put("statesLeft", left.states());
        root.put("localBytesLeft", left.localBytes());
        if (left.remoteValues() >= 0) {
            root.put("remoteValuesLeft", left.remoteValues());
        } else {
            root.putNull("remoteValuesLeft");
            root.put("remoteCheckError", left.remoteCheckError());
        }
        return root;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
