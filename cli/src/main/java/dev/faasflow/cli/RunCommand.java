package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.cli.embedded.EmbeddedCluster;
import dev.faasflow.cli.embedded.EmbeddedOptions;
import dev.faasflow.coordinator.ControlMode;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationPhase;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.InputJson;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code faasflow run}: the whole engine embedded — N simulated nodes on loopback — running K invocations. */
final class RunCommand {
    static final String USAGE = "run FILE|BENCHMARK [--nodes 7] [--control-mode WorkerSP|MasterSP] "
            + "[--data-mode optimized|raw] [--invocations K] [--concurrency C] [--time-scale F] "
            + "[--remote redis://HOST:PORT] [--input JSON|FILE] [--timeout SECONDS] [--quota BYTES] [--node-memory MiB] "
            + "[--cold-start-ms MS] [--function-calls http|in-process] [--strict-inputs] [--allow-unknown-inputs] "
            + "[--store-over-http] [--no-probe] [--json]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("nodes", "slots", "control-mode", "data-mode", "invocations", "concurrency",
                "time-scale", "remote", "input", "timeout", "quota", "node-memory", "cold-start-ms", "function-calls"), Set.of("json", "strict-inputs", "allow-unknown-inputs", "store-over-http",
                "no-probe"));
        String target = args.onePositional("workflow file");
        Workflow wf = Benchmarks.loadPathOrName(target);
        int nodes = args.integer("nodes", 7, 1);
        int invocations = args.integer("invocations", 1, 1);
        int concurrency = args.integer("concurrency", 1, 1);
        double timeScale = args.decimal("time-scale", 1.0);
        long timeoutMillis = (long) (args.decimal("timeout", 300) * 1000);
        ControlMode mode;
        try {
            mode = ControlMode.parse(args.string("control-mode", "WorkerSP"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        GroupingOptions grouping = PlanCommand.options(args);
        JsonNode input = input(args, target, wf);
        EmbeddedOptions options = EmbeddedOptions.defaults(nodes).withRedis(args.string("remote", null))
                .withInProcessStore(!args.flag("store-over-http")).withProbeWorkers(!args.flag("no-probe"))
                .withFunctionTimeoutMillis(Math.max(60_000, timeoutMillis))
                .withQuotaOverrideBytes(grouping.quotaOverride() == null ? -1 : grouping.quotaOverride())
                .withNodeMemoryBytes(args.has("node-memory") ? (long) (args.decimal("node-memory", 0) * 1024 * 1024) : -1)
                .withColdStartMillis((long) args.decimal("cold-start-ms", 0))
                .withInProcessCalls(functionCallsInProcess(args));
        boolean json = args.flag("json");
        try (EmbeddedCluster cluster = EmbeddedCluster.start(options)) {
            Plan plan = cluster.deploy(wf, grouping, mode);
            if (!json) {
                out.printf(Locale.ROOT, "workflow %s: %d functions in %d groups on %d nodes; %s, data mode %s%n",
                        wf.name(), wf.size(), plan.groups().size(), plan.usedNodes().size(), mode.label(),
                        plan.dataMode().label());
                out.println("remote tier: " + cluster.remoteDescription());
            }
            InvokeOptions invokeOptions = new InvokeOptions(timeoutMillis, !args.flag("strict-inputs"), timeScale,
                    args.flag("allow-unknown-inputs"));
            List<InvocationResult> results = runAll(cluster, wf.name(), input, invokeOptions, invocations, concurrency, err);
            int left = cluster.statesLeft();
            long bytesLeft = cluster.localBytesLeft();
            if (json) {
                out.println(toJson(wf, mode, plan, cluster, results, left, bytesLeft).toPrettyString());
            } else {
                printTable(results, out);
                out.printf(Locale.ROOT, "left behind: %d invocation states, %d bytes in node memory%n", left, bytesLeft);
            }
            return results.stream().allMatch(r -> r.phase() == InvocationPhase.SUCCEEDED) ? 0 : 1;
        }
    }

    private static boolean functionCallsInProcess(Args args) throws UsageException {
        String calls = args.string("function-calls", "http");
        return switch (calls) {
            case "http" -> false;
            case "in-process" -> true;
            default -> throw new UsageException("--function-calls is http or in-process, got '" + calls + "'");
        };
    }

    /** The input, read strictly ({@link InputJson}): the given JSON or file, else the benchmark's sample. */
    private static JsonNode input(Args args, String target, Workflow wf) throws WorkflowException {
        String given = args.string("input", null);
        boolean inline = given != null && given.trim().startsWith("{");
        String sample = given == null ? Benchmarks.defaultInput(target) : null;
        JsonNode input = inline ? InputJson.parseObject("--input", given)
                : given != null ? InputJson.readObject(Path.of(given))
                : sample != null ? InputJson.parseObject("the sample input of " + target, sample) : JSON.createObjectNode();
        InputJson.checkKeys(inline ? "--input" : given != null ? given : "the sample input of " + target, wf, input, args.flag("allow-unknown-inputs"),
                "to pass it on anyway (functions may read it as a parameter), add --allow-unknown-inputs");
        return input;
    }

    static List<InvocationResult> runAll(EmbeddedCluster cluster, String workflow, JsonNode input, InvokeOptions options,
                                         int count, int concurrency, PrintStream progress) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<InvocationResult>> all = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            InvocationHandle handle;
            try {
                handle = cluster.invoke(workflow, input, options);
            } catch (InvalidInvocationException e) {
                slots.release();
                throw new UsageException(e.getMessage());
            }
            all.add(handle.result().whenComplete((r, e) -> {
                slots.release();
                int n = done.incrementAndGet();
                if (progress != null) {
                    progress.printf(Locale.ROOT, "\r%d/%d invocations done", n, count);
                    if (n == count) {
                        progress.println();
                    }
                }
            }).thenCompose(r -> cluster.coordinator().delete(r.id()).thenApply(x -> r)));
        }
        List<InvocationResult> results = new ArrayList<>();
        for (CompletableFuture<InvocationResult> f : all) {
            results.add(f.get());
        }
        return results;
    }

    private static void printTable(List<InvocationResult> results, PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %-10s %10s %12s %10s %14s %14s%n", "INVOCATION", "STATUS", "E2E MS",
                "SCHED OH MS", "DATA MS", "BYTES LOCAL", "BYTES REMOTE");
        for (InvocationResult r : results) {
            out.printf(Locale.ROOT, "%-18s %-10s %10.1f %12.1f %10.1f %14d %14d%n", r.id(), r.phase().label(), r.e2eMs(),
                    r.scheduleOverheadMs(), r.dataOverheadMs(), r.bytesLocal(), r.bytesRemote());
            if (r.phase() != InvocationPhase.SUCCEEDED) {
                out.println("    " + r.message());
            }
        }
        List<InvocationResult> ok = results.stream().filter(r -> r.phase() == InvocationPhase.SUCCEEDED).toList();
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
    }

    static double pct(List<InvocationResult> results, java.util.function.ToDoubleFunction<InvocationResult> f, double p) {
        double[] v = results.stream().mapToDouble(f).toArray();
        if (v.length == 0) {
            return 0;
        }
        Arrays.sort(v);
        int index = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, index))];
    }

    private static ObjectNode toJson(Workflow wf, ControlMode mode, Plan plan, EmbeddedCluster cluster,
                                     List<InvocationResult> results, int statesLeft, long bytesLeft) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workflow", wf.name());
        root.put("controlMode", mode.label());
        root.put("dataMode", plan.dataMode().label());
        root.put("nodes", cluster.nodes().size());
        root.put("groups", plan.groups().size());
        root.put("remote", cluster.remoteDescription());
        ArrayNode arr = root.putArray("invocations");
        for (InvocationResult r : results) {
            ObjectNode o = arr.addObject();
            o.put("id", r.id());
            o.put("status", r.phase().label());
            o.put("e2eMs", round(r.e2eMs()));
            o.put("scheduleOverheadMs", round(r.scheduleOverheadMs()));
            o.put("dataOverheadMs", round(r.dataOverheadMs()));
            o.put("bytesLocal", r.bytesLocal());
            o.put("bytesRemote", r.bytesRemote());
            if (r.failedFunction() != null) {
                o.put("failedFunction", r.failedFunction());
            }
            if (r.message() != null) {
                o.put("message", r.message());
            }
            ArrayNode cp = o.putArray("criticalPath");
            r.criticalPath().forEach(cp::add);
            o.set("results", JSON.valueToTree(r.results()));
        }
        List<InvocationResult> ok = results.stream().filter(r -> r.phase() == InvocationPhase.SUCCEEDED).toList();
        ObjectNode summary = root.putObject("summary");
        summary.put("succeeded", ok.size());
        summary.put("failed", results.size() - ok.size());
        for (String[] m : new String[][] {{"e2eMs", "e"}, {"scheduleOverheadMs", "s"}, {"dataOverheadMs", "d"}}) {
            java.util.function.ToDoubleFunction<InvocationResult> f = switch (m[1]) {
                case "e" -> InvocationResult::e2eMs;
                case "s" -> InvocationResult::scheduleOverheadMs;
                default -> InvocationResult::dataOverheadMs;
            };
            summary.put(m[0] + "Median", round(pct(ok, f, 50)));
            summary.put(m[0] + "P99", round(pct(ok, f, 99)));
        }
        root.put("statesLeft", statesLeft);
        root.put("localBytesLeft", bytesLeft);
        return root;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
