package dev.faasflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.Agent;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.fixtures.RedisServerProcess;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code faasflow bench engine}: schedule overhead WorkerSP vs MasterSP and data overhead optimized vs raw
 * for the eight benchmarks (measured in the same run, with a real Redis as the remote tier), same-node
 * trigger latency, an agent's no-op throughput, and the peak memory of the embedded engine running Cycles.
 */
public final class EngineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Settings(int repeats, double timeScale, String redis, boolean json, boolean workflows) {
    }

    /** @param masterSpNoProbeMs MasterSP without the artifact's per-function probe of every worker */
    public record Row(String workflow, double workerSpMs, double masterSpMs, double masterSpNoProbeMs,
                      double workerSpInProcessMs, double masterSpInProcessMs,
                      double optimizedDataMs, double rawDataMs) {
        double scheduleRatio() {
            return masterSpMs <= 0 ? 0 : workerSpMs / masterSpMs;
        }

        double inProcessRatio() {
            return masterSpInProcessMs <= 0 ? 0 : workerSpInProcessMs / masterSpInProcessMs;
        }

        double dataRatio() {
            return rawDataMs <= 0 ? 0 : optimizedDataMs / rawDataMs;
        }
    }

    private EngineBenchmark() {
    }

    public static int run(Settings settings, PrintStream out, PrintStream progress) throws Exception {
        RedisServerProcess redis = null;
        String redisUrl = settings.redis();
        if (redisUrl == null) {
            if (RedisServerProcess.findBinary().isEmpty()) {
                throw new IllegalStateException("bench engine needs a real Redis: " + RedisServerProcess.missingBinaryAdvice()
                        + " (or pass --remote redis://HOST:PORT)");
            }
            redis = RedisServerProcess.start();
            redisUrl = "redis://127.0.0.1:" + redis.port();
        }
        try {
            ObjectNode report = JSON.createObjectNode();
            report.put("benchmark", "engine");
            report.put("remote", redisUrl);
            report.put("timeScale", settings.timeScale());
            report.put("repeats", settings.repeats());
            List<Row> rows = settings.workflows() ? overheads(settings, redisUrl, progress) : List.of();
            ArrayNode arr = report.putArray("workflows");
            for (Row r : rows) {
                arr.addObject().put("workflow", r.workflow())
                        .put("scheduleOverheadWorkerSpMs", round(r.workerSpMs()))
                        .put("scheduleOverheadMasterSpMs", round(r.masterSpMs()))
                        .put("scheduleRatio", round(r.scheduleRatio()))
                        .put("scheduleOverheadMasterSpNoProbeMs", round(r.masterSpNoProbeMs()))
                        .put("scheduleOverheadWorkerSpInProcessCallsMs", round(r.workerSpInProcessMs()))
                        .put("scheduleOverheadMasterSpInProcessCallsMs", round(r.masterSpInProcessMs()))
                        .put("scheduleRatioInProcessCalls", round(r.inProcessRatio()))
                        .put("dataOverheadOptimizedMs", round(r.optimizedDataMs()))
                        .put("dataOverheadRawMs", round(r.rawDataMs()))
                        .put("dataRatio", round(r.dataRatio()));
            }
            progress.println("the cluster key's cost (WorkerSP on 7 nodes, with and without authentication)...");
            ArrayNode auth = report.putArray("authentication");
            for (String name : List.of("video", "genome")) {
                double[] onOff = authenticationCost(settings, redisUrl, name);
                auth.addObject().put("workflow", name).put("scheduleOverheadWithKeyMs", round(onOff[0]))
                        .put("scheduleOverheadWithoutKeyMs", round(onOff[1]))
                        .put("ratio", onOff[1] <= 0 ? -1 : round(onOff[0] / onOff[1]));
            }
            double[] call = credentialCheckMicros();
            report.put("controlCallWithKeyP50Micros", round(call[0]));
            report.put("controlCallWithoutKeyP50Micros", round(call[1]));
            report.put("storeCallWithTokenP50Micros", round(call[2]));
            report.put("storeCallWithoutTokenP50Micros", round(call[3]));
            report.put("gatewayCallWithKeyP50Micros", round(call[4]));
            report.put("gatewayCallWithoutKeyP50Micros", round(call[5]));
            progress.println("trigger latency and no-op throughput...");
            long[] latency = triggerLatency(false);
            long[] direct = triggerLatency(true);
            report.put("functionEndToStartInProcessCallsP50Micros", direct[3] / 1000.0);
            report.put("functionEndToStartInProcessCallsP99Micros", direct[4] / 1000.0);
            report.put("triggerLatencyP50Micros", latency[0] / 1000.0);
            report.put("triggerLatencyP99Micros", latency[1] / 1000.0);
            report.put("triggerSamples", latency[2]);
            report.put("functionEndToStartP50Micros", latency[3] / 1000.0);
            report.put("functionEndToStartP99Micros", latency[4] / 1000.0);
            report.put("functionEndToStartSamples", latency[5]);
            double throughput = noopThroughput(null);
            report.put("noopExecutionsPerSecondPerAgent", Math.round(throughput));
            report.put("noopPerCallMicrosJavaSdk", round(1e6 / throughput));
            progress.println("no-op throughput with the Python SDK's server...");
            double python = pythonNoopThroughput();
            report.put("noopExecutionsPerSecondPythonSdk", Math.round(python));
            report.put("noopPerCallMicrosPythonSdk", python <= 0 ? -1 : round(1e6 / python));
            progress.println("peak memory running Cycles on 7 nodes...");
            long[] memory = settings.workflows() ? cyclesPeakMemory(settings) : new long[] {-1, -1};
            report.put("cyclesPeakHeapMiB", memory[0] < 0 ? -1 : memory[0] / (1024 * 1024));
            report.put("processPeakRssMiB", memory[1] / 1024);
            if (settings.json()) {
                out.println(report.toPrettyString());
            } else {
                print(report, rows, out);
            }
            return 0;
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private static List<Row> overheads(Settings s, String redisUrl, PrintStream progress) throws Exception {
        List<Row> rows = new ArrayList<>();
        EmbeddedOptions options = EmbeddedOptions.defaults(7).withRedis(redisUrl);
        try (EmbeddedCluster cluster = EmbeddedCluster.start(options);
             EmbeddedCluster unprobed = EmbeddedCluster.start(options.withProbeWorkers(false));
             EmbeddedCluster direct = EmbeddedCluster.start(options.withInProcessCalls(true))) {
            for (String name : Benchmarks.NAMES) {
                progress.println("  " + name + "...");
                Workflow wf = Benchmarks.load(name);
                JsonNode input = defaultInput(name);
                double worker = median(cluster, wf, input, s, DataMode.OPTIMIZED, ControlMode.WORKER_SP, true);
                double master = median(cluster, wf, input, s, DataMode.OPTIMIZED, ControlMode.MASTER_SP, true);
                double masterNoProbe = median(unprobed, wf, input, s, DataMode.OPTIMIZED, ControlMode.MASTER_SP, true);
                double workerDirect = median(direct, wf, input, s, DataMode.OPTIMIZED, ControlMode.WORKER_SP, true);
                double masterDirect = median(direct, wf, input, s, DataMode.OPTIMIZED, ControlMode.MASTER_SP, true);
                double optimizedData = median(cluster, wf, input, s, DataMode.OPTIMIZED, ControlMode.WORKER_SP, false);
                double rawData = median(cluster, wf, input, s, DataMode.RAW, ControlMode.WORKER_SP, false);
                rows.add(new Row(name, worker, master, masterNoProbe, workerDirect, masterDirect, optimizedData,
                        rawData));
            }
        }
        return rows;
    }

    /**
     * Median WorkerSP schedule overhead of {@code workflow} with the cluster key checked on every control call (as
     * on a cluster: cross-node triggers, events) and without: two clusters measured in turn, five rounds, the first
     * of each round alternating so that neither always runs on a colder JVM.
     */
    private static double[] authenticationCost(Settings s, String redisUrl, String workflow) throws Exception {
        EmbeddedOptions options = EmbeddedOptions.defaults(7).withRedis(redisUrl);
        Workflow wf = Benchmarks.load(workflow);
        JsonNode input = defaultInput(workflow);
        double[] with = new double[5];
        double[] without = new double[5];
        try (EmbeddedCluster keyed = EmbeddedCluster.start(options);
             EmbeddedCluster open = EmbeddedCluster.start(options.withAuthentication(false))) {
            for (int round = 0; round < with.length; round++) {
                if (round % 2 == 1) {
                    without[round] = median(open, wf, input, s, DataMode.OPTIMIZED, ControlMode.WORKER_SP, true);
                }
                with[round] = median(keyed, wf, input, s, DataMode.OPTIMIZED, ControlMode.WORKER_SP, true);
                if (round % 2 == 0) {
                    without[round] = median(open, wf, input, s, DataMode.OPTIMIZED, ControlMode.WORKER_SP, true);
                }
            }
        }
        Arrays.sort(with);
        Arrays.sort(without);
        return new double[] {with[with.length / 2], without[without.length / 2]};
    }

    /**
     * The checks themselves, each the median of 20,000 sequential calls (keep-alive, loopback) to an engine that checks
     * the credential, with it, and to one that checks none, in alternating batches of 1,000: a control call
     * ({@code GET /v1/status}, the cluster key), a function's store call (a GET, the invocation's store token) and a
     * gateway call (a GET, the gateway's API key). The GETs ask for what is not there: 404 either way, so that only
     * the check differs.
     *
     * @return p50 µs: control with, without; store with, without; gateway with, without
     */
    private static double[] credentialCheckMicros() throws Exception {
        try (EmbeddedCluster keyed = EmbeddedCluster.start(EmbeddedOptions.defaults(1));
             EmbeddedCluster open = EmbeddedCluster.start(EmbeddedOptions.defaults(1).withAuthentication(false))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            String keyedAgent = keyed.agents().get(0).url();
            String openAgent = open.agents().get(0).url();
            String token = dev.faasflow.agent.auth.StoreCapabilities.of(keyed.clusterKey(), keyed.agents().get(0).node())
                    .tokenFor("inv-bench");
            String invocation = "/v1/namespaces/" + EmbeddedCluster.NAMESPACE + "/invocations/inv-bench";
            double[] control = pairedMicros(http, request(keyedAgent + "/v1/status", keyed.clusterKey().secret()),
                    request(openAgent + "/v1/status", null), 200);
            double[] store = pairedMicros(http, request(keyedAgent + "/v1/store/inv-bench/none", token),
                    request(openAgent + "/v1/store/inv-bench/none", null), 404);
            double[] gateway = pairedMicros(http, request(keyed.gatewayUrl() + invocation, keyed.gatewayToken()),
                    request(open.gatewayUrl() + invocation, null), 404);
            return new double[] {control[0], control[1], store[0], store[1], gateway[0], gateway[1]};
        }
    }

    private static java.net.http.HttpRequest request(String url, String bearer) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url));
        return (bearer == null ? b : b.header("Authorization", "Bearer " + bearer)).build();
    }

    /** p50 µs of {@code a} and of {@code b}, 20,000 each, sent in turn after a batch that warms both up. */
    private static double[] pairedMicros(java.net.http.HttpClient http, java.net.http.HttpRequest a,
                                         java.net.http.HttpRequest b, int status) throws Exception {
        long[] ta = new long[20_000];
        long[] tb = new long[20_000];
        for (int batch = -1; batch < 20; batch++) { // batch -1 warms both up
            for (int i = 0; i < 1_000; i++) {
                long t0 = System.nanoTime();
                int sa = http.send(a, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                long t1 = System.nanoTime();
                int sb = http.send(b, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                long t2 = System.nanoTime();
                if (sa != status || sb != status) {
                    throw new IllegalStateException(a.uri().getPath() + " answered " + sa + " / " + sb + ", not " + status);
                }
                if (batch >= 0) {
                    ta[batch * 1_000 + i] = t1 - t0;
                    tb[batch * 1_000 + i] = t2 - t1;
                }
            }
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[ta.length / 2] / 1000.0, tb[tb.length / 2] / 1000.0};
    }

    /** Median schedule (or data) overhead of {@code repeats} sequential invocations after one warm-up. */
    private static double median(EmbeddedCluster cluster, Workflow wf, JsonNode input, Settings s, DataMode data,
                                 ControlMode control, boolean schedule) throws Exception {
        cluster.deploy(wf, GroupingOptions.of(data), control);
        InvokeOptions options = new InvokeOptions(600_000, true, s.timeScale());
        double[] values = new double[s.repeats()];
        for (int i = -1; i < s.repeats(); i++) {
            InvocationResult r = once(cluster, wf.name(), input, options);
            if (i >= 0) {
                values[i] = schedule ? r.scheduleOverheadMs() : r.dataOverheadMs();
            }
        }
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static InvocationResult once(EmbeddedCluster cluster, String workflow, JsonNode input, InvokeOptions options)
            throws Exception {
        InvocationHandle h = cluster.invoke(workflow, input, options);
        InvocationResult r = h.result().get(10, TimeUnit.MINUTES);
        cluster.coordinator().delete(r.id()).get(1, TimeUnit.MINUTES);
        if (r.phase() != InvocationPhase.SUCCEEDED) {
            throw new IllegalStateException(workflow + " invocation " + r.phase().label() + ": " + r.message());
        }
        return r;
    }

    private static JsonNode defaultInput(String name) throws Exception {
        String text = Benchmarks.defaultInput(name);
        return text == null ? JSON.createObjectNode() : JSON.readTree(text);
    }

    /** A chain of no-op functions on one node: each hop is a same-node trigger. */
    private static Workflow chain(String name, int length) throws Exception {
        StringBuilder yaml = new StringBuilder("functions:\n");
        for (int i = 0; i < length; i++) {
            yaml.append("- name: f").append(i).append("\n  source: noop\n  runtime: 0\n  scale: 1\n");
            if (i + 1 < length) {
                yaml.append("  next: {type: pass, nodes: [f").append(i + 1).append("]}\n");
            }
        }
        return WorkflowLoader.parse(name, name, yaml.toString());
    }

    /** A start, a fan of no-op functions and a join: many executions per invocation. */
    private static Workflow fan(String name, int width) throws Exception {
        StringBuilder yaml = new StringBuilder("functions:\n- name: start\n  source: noop\n  runtime: 0\n  scale: 1\n  next: {type: parallel, nodes: [");
        for (int i = 0; i < width; i++) {
            yaml.append(i == 0 ? "" : ", ").append("w").append(i);
        }
        yaml.append("]}\n");
        for (int i = 0; i < width; i++) {
            yaml.append("- name: w").append(i).append("\n  source: noop\n  runtime: 0\n  scale: 1\n  next: {type: pass, nodes: [join]}\n");
        }
        yaml.append("- name: join\n  source: noop\n  runtime: 0\n  scale: 1\n");
        return WorkflowLoader.parse(name, name, yaml.toString());
    }

    private static FunctionRegistry noopRegistry() {
        FunctionRegistry registry = BenchmarkFunctions.registry();
        registry.register("noop", ctx -> { });
        return registry;
    }

    /**
     * Same-node trigger latency on a chain of no-op functions on one node, two ways: inside the agent
     * (predecessor's result received → successor's run request sent), and as the functions see it
     * (predecessor's end → successor's start, by the node's clock, the HTTP call included).
     * Returns {agent p50, agent p99, agent samples, function p50, function p99, function samples}, in ns.
     */
    private static long[] triggerLatency(boolean inProcessCalls) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(1).withInProcessCalls(inProcessCalls),
                EngineBenchmark::noopRegistry)) {
            Workflow wf = chain("noop-chain", 50);
            cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            InvokeOptions options = new InvokeOptions(60_000, true, 1.0);
            for (int i = 0; i < 200; i++) { // warm-up
                once(cluster, wf.name(), JSON.createObjectNode(), options);
            }
            Agent agent = cluster.agents().get(0);
            agent.triggerLatency().reset();
            Histogram endToStart = new Histogram(3);
            for (int i = 0; i < 200; i++) {
                InvocationResult r = once(cluster, wf.name(), JSON.createObjectNode(), options);
                java.util.Map<String, dev.faasflow.agent.protocol.FunctionRecord> byName = new java.util.HashMap<>();
                r.functions().forEach(f -> byName.put(f.function(), f));
                for (int k = 0; k + 1 < 50; k++) {
                    var pred = byName.get("f" + k);
                    var succ = byName.get("f" + (k + 1));
                    if (pred != null && succ != null && pred.endedAtMicros() > 0 && succ.startedAtMicros() > 0) {
                        endToStart.recordValue(Math.max(0, succ.startedAtMicros() - pred.endedAtMicros()) * 1000);
                    }
                }
            }
            long pairs = endToStart.getTotalCount();
            return new long[] {agent.triggerLatency().percentile(50), agent.triggerLatency().percentile(99),
                agent.triggerLatency().count(), pairs == 0 ? -1 : endToStart.getValueAtPercentile(50),
                pairs == 0 ? -1 : endToStart.getValueAtPercentile(99), pairs};
        }
    }

    /**
     * The same no-op throughput with the functions served by the Python SDK's server (a child process, as
     * {@code run --functions} starts it); -1 when python3 is missing.
     */
    private static double pythonNoopThroughput() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("faasflow-bench-python-");
        try {
            java.nio.file.Files.writeString(dir.resolve("functions.py"), """
                    from faasflow_functions import function

                    @function("noop")
                    def noop(ctx):
                        pass
                    """);
            return noopThroughput(dir.toString());
        } catch (dev.faasflow.embedded.FunctionServerProcess.StartFailure e) {
            System.err.println("no Python SDK figure: " + e.getMessage());
            return -1;
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("functions.py"));
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /**
     * No-op function executions per second one agent sustains with many invocations in flight: with the Java SDK's
     * server in this JVM ({@code functions} null), or with the function server {@code functions} names.
     */
    private static double noopThroughput(String functions) throws Exception {
        try (EmbeddedCluster cluster = functions == null
                ? EmbeddedCluster.start(EmbeddedOptions.defaults(1), EngineBenchmark::noopRegistry)
                : EmbeddedCluster.startWithFunctions(EmbeddedOptions.defaults(1), functions)) {
            Workflow wf = fan("noop-fan", 50);
            cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            InvokeOptions options = new InvokeOptions(120_000, true, 1.0);
            Agent agent = cluster.agents().get(0);
            runConcurrently(cluster, wf.name(), options, 200, 16); // warm-up
            long before = agent.executions();
            long t0 = System.nanoTime();
            runConcurrently(cluster, wf.name(), options, 400, 16);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return (agent.executions() - before) / seconds;
        }
    }

    private static void runConcurrently(EmbeddedCluster cluster, String wf, InvokeOptions options, int count, int inFlight)
            throws Exception {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(inFlight);
        List<java.util.concurrent.CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            InvocationHandle h = cluster.invoke(wf, JSON.createObjectNode(), options);
            all.add(h.result().thenCompose(r -> cluster.coordinator().delete(r.id())).whenComplete((x, e) -> slots.release()));
        }
        for (var f : all) {
            f.get(2, TimeUnit.MINUTES);
        }
    }

    /** Peak heap (bytes) while Cycles runs on 7 nodes with the in-process remote tier, and the process's peak RSS (KiB). */
    private static long[] cyclesPeakMemory(Settings s) throws Exception {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(7))) {
            Workflow wf = Benchmarks.load("cycles");
            cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            InvokeOptions options = new InvokeOptions(600_000, true, s.timeScale());
            for (int i = 0; i < 3; i++) {
                once(cluster, wf.name(), JSON.createObjectNode(), options);
            }
        }
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        long rss = -1;
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return new long[] {heap, rss};
    }

    private static void print(ObjectNode report, List<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "engine benchmark: remote tier %s, time scale %s, median of %d invocations after a warm-up%n%n",
                report.get("remote").asText(), report.get("timeScale").asText(), report.get("repeats").asInt());
        out.println("schedule overhead (ms): agents call functions over loopback HTTP (the contract); MasterSP with and");
        out.println("without the artifact's probe of every worker; then with in-process calls (control plane alone)");
        out.printf(Locale.ROOT, "%-18s %9s %9s %7s %10s | %9s %9s %7s%n", "WORKFLOW", "WorkerSP", "MasterSP", "RATIO",
                "(no probe)", "WorkerSP", "MasterSP", "RATIO");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-18s %9.2f %9.2f %7.3f %10.2f | %9.2f %9.2f %7.3f%n", r.workflow(), r.workerSpMs(),
                    r.masterSpMs(), r.scheduleRatio(), r.masterSpNoProbeMs(), r.workerSpInProcessMs(),
                    r.masterSpInProcessMs(), r.inProcessRatio());
        }
        out.printf(Locale.ROOT, "%ndata overhead (ms, sum of every fetch and put; remote tier %s)%n", report.get("remote").asText());
        out.printf(Locale.ROOT, "%-18s %14s %14s %8s%n", "WORKFLOW", "optimized", "raw", "RATIO");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-18s %14.2f %14.2f %8.4f%n", r.workflow(), r.optimizedDataMs(), r.rawDataMs(),
                    r.dataRatio());
        }
        out.printf(Locale.ROOT, "%ncluster key on vs off (WorkerSP schedule overhead on 7 nodes, ms; every cross-node "
                + "trigger and event carries and checks it)%n");
        out.printf(Locale.ROOT, "%-18s %9s %9s %7s%n", "WORKFLOW", "key", "no key", "RATIO");
        for (JsonNode a : report.get("authentication")) {
            out.printf(Locale.ROOT, "%-18s %9.2f %9.2f %7.3f%n", a.get("workflow").asText(),
                    a.get("scheduleOverheadWithKeyMs").asDouble(), a.get("scheduleOverheadWithoutKeyMs").asDouble(),
                    a.get("ratio").asDouble());
        }
        String[][] checks = {
            {"one control call (GET /v1/status)", "the key", "an agent", "controlCallWithKeyP50Micros", "controlCallWithoutKeyP50Micros"},
            {"one store call of a function (GET)", "its invocation's token", "an agent", "storeCallWithTokenP50Micros",
                "storeCallWithoutTokenP50Micros"},
            {"one gateway call (GET)", "its API key", "a gateway", "gatewayCallWithKeyP50Micros", "gatewayCallWithoutKeyP50Micros"}};
        for (String[] c : checks) {
            out.printf(Locale.ROOT, "%s, loopback, keep-alive, p50 of 20,000: %.1f us with %s checked, %.1f us on %s that "
                    + "checks none%n", c[0], report.get(c[3]).asDouble(), c[1], report.get(c[4]).asDouble(), c[2]);
        }
        out.printf(Locale.ROOT, "%nsame-node trigger latency, inside the agent (result in -> next run request out): "
                        + "p50 %.1f us, p99 %.1f us (%d triggers)%n",
                report.get("triggerLatencyP50Micros").asDouble(), report.get("triggerLatencyP99Micros").asDouble(),
                report.get("triggerSamples").asLong());
        out.printf(Locale.ROOT, "same-node trigger latency, function end -> next function start (HTTP call included): "
                        + "p50 %.1f us, p99 %.1f us (%d pairs)%n",
                report.get("functionEndToStartP50Micros").asDouble(), report.get("functionEndToStartP99Micros").asDouble(),
                report.get("functionEndToStartSamples").asLong());
        out.printf(Locale.ROOT, "same-node trigger latency, function end -> next function start (in-process calls): "
                        + "p50 %.1f us, p99 %.1f us%n",
                report.get("functionEndToStartInProcessCallsP50Micros").asDouble(),
                report.get("functionEndToStartInProcessCallsP99Micros").asDouble());
        out.printf(Locale.ROOT, "no-op throughput: %d function executions/s on one agent (%.1f us per call; Java SDK's "
                        + "server in this JVM, loopback HTTP)%n",
                report.get("noopExecutionsPerSecondPerAgent").asLong(), report.get("noopPerCallMicrosJavaSdk").asDouble());
        out.printf(Locale.ROOT, "no-op throughput, Python SDK's server (a child process): %d function executions/s "
                        + "(%.1f us per call)%n",
                report.get("noopExecutionsPerSecondPythonSdk").asLong(), report.get("noopPerCallMicrosPythonSdk").asDouble());
        if (report.get("cyclesPeakHeapMiB").asLong() >= 0) {
            out.printf(Locale.ROOT, "Cycles on 7 embedded nodes: peak heap %d MiB; process peak RSS %d MiB (whole benchmark)%n",
                    report.get("cyclesPeakHeapMiB").asLong(), report.get("processPeakRssMiB").asLong());
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
