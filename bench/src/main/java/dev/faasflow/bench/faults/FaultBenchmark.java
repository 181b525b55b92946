package dev.faasflow.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.processes.GatewayClient;
import dev.faasflow.processes.ProcessCluster;
import dev.faasflow.processes.ProcessOptions;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code faasflow bench faults}: the engine with each node and the coordinator as its own process ({@link
 * ProcessCluster}; in network namespaces when root), under a steady load of invocations, while one fault at a time
 * hits it: the coordinator, an agent, a function runtime and Redis killed and restarted or stopped and resumed, a
 * link cut or delayed. Per scenario it prints the invocations sent, succeeded, failed (with their reasons), timed
 * out, lost (no final phase by their deadline plus a grace period, as the gateway tells), ended late, and the state
 * left behind on agents, in node memory and in Redis once everything settled. It measures and asserts nothing.
 */
public final class FaultBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long past its deadline an invocation may take to show a final phase before it counts as lost. */
    static final long LOST_GRACE_MILLIS = 5_000;
    /** How many Redis key names a scenario looks at to name what it left. */
    private static final int KEY_NAMES_SEEN = 10_000;
    private static final long LATE_TOLERANCE_MILLIS = 1_000;
    private static final long RESUBMIT_PAUSE_MILLIS = 500;
    private static final int WARM_UP_ROUNDS = 4;
    private static final int WARM_UP_PER_ROUND = 8;
    private static final long WARM_UP_TIMEOUT_MILLIS = 60_000;
    private static final String WORKFLOW_RESOURCE = "dev/faasflow/bench/faults.yaml";

    /**
     * @param invocations   invocations per scenario
     * @param rate          invocations sent per second, steadily
     * @param timeoutSeconds each invocation's timeout
     * @param timeScale     the replayed functions sleep their runtime × this
     * @param faultSeconds  how long a stop or a link fault lasts
     * @param settleSeconds longest wait for agents, node memory and Redis to be empty after the last invocation
     * @param scenarios     which to run (empty: all)
     * @param netns         network namespaces (needs root) or plain processes on loopback
     * @param javaOptions   more JVM options for the cluster's processes
     * @param retries       0: no retries; else every function is retried up to this many times (the workflow's
     *                      {@code defaults.retry}) and a submission the gateway refused is sent again
     */
    public record Settings(int invocations, double rate, double timeoutSeconds, double timeScale, double faultSeconds,
                           double settleSeconds, List<String> scenarios, boolean netns, boolean json,
                           List<String> javaOptions, int retries) {
        /** Nine scenarios of 1,200: 10,800 invocations in all. */
        public static final int DEFAULT_INVOCATIONS = 1_200;
        public static final double DEFAULT_RATE = 25;
        /** Longer than a stop or a link fault, so that a fault alone need not time an invocation out. */
        public static final double DEFAULT_TIMEOUT_SECONDS = 15;
        /** The replayed functions sleep a tenth of their 50 to 100 ms. */
        public static final double DEFAULT_TIME_SCALE = 0.1;
        public static final double DEFAULT_FAULT_SECONDS = 3;
        public static final double DEFAULT_SETTLE_SECONDS = 30;

        public Settings {
            scenarios = List.copyOf(scenarios);
            javaOptions = List.copyOf(javaOptions);
            scenarios.forEach(Fault::parse);
        }

        /** The labels of every scenario, in the order they run. */
        public static List<String> known() {
            return List.of(Fault.values()).stream().map(f -> f.label).toList();
        }

        List<Fault> faults() {
            return scenarios.isEmpty() ? List.of(Fault.values()) : scenarios.stream().map(Fault::parse).toList();
        }
    }

    private FaultBenchmark() {
    }

    /** What a run found: the cluster's layout and one result per scenario. */
    record Report(String layout, List<ScenarioResult> results) {
        int sent() {
            return results.stream().mapToInt(ScenarioResult::sent).sum();
        }
    }

    /** Runs every scenario on one cluster; prints the table (or JSON). Exit 0 (the harness asserts nothing). */
    public static int run(Settings settings, PrintStream out, PrintStream progress) throws Exception {
        Report report = measure(settings, progress);
        if (settings.json()) {
            out.println(toJson(report.layout(), settings, report.results()).toPrettyString());
        } else {
            print(report.layout(), settings, report.results(), out);
        }
        return 0;
    }

    /** Starts the cluster, deploys the workload, runs each scenario in turn under the same load, stops the cluster. */
    static Report measure(Settings settings, PrintStream progress) throws Exception {
        List<Fault> faults = settings.faults();
        Workflow wf = workload(settings.retries());
        ProcessOptions layout = (settings.netns() ? ProcessOptions.namespaced(EmbeddedOptions.defaults(2))
                : ProcessOptions.loopback(EmbeddedOptions.defaults(2)))
                .withSlots(8).withRuntimeAsProcess(true).withDurableRedis(true).withJavaOptions(settings.javaOptions());
        List<ScenarioResult> results = new ArrayList<>();
        try (ProcessCluster cluster = startWithOrWithoutDelay(layout, progress)) {
            cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            warmUp(cluster, wf.name(), settings, progress);
            for (Fault f : faults) {
                String why = f.unavailable(cluster);
                if (why != null) {
                    results.add(ScenarioResult.skipped(f, why));
                    progress.println("scenario " + f.label + " skipped: " + why);
                    continue;
                }
                results.add(new Scenario(cluster, f, settings, wf.name(), progress).run());
            }
            return new Report(cluster.describe(), results);
        }
    }

    /** The workload; with retries, every function gets the workflow-wide retry policy. */
    static Workflow workload(int retries) throws IOException, WorkflowException {
        if (retries == 0) {
            return WorkflowLoader.loadResourceFile(WORKFLOW_RESOURCE, "faults");
        }
        String text;
        try (var in = FaultBenchmark.class.getClassLoader().getResourceAsStream(WORKFLOW_RESOURCE)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return WorkflowLoader.parse(WORKFLOW_RESOURCE, "faults", text + "defaults:\n  retry: {limit: " + retries
                + ", backoff_seconds: 0.5, max_backoff_seconds: 2}\n");
    }

    /**
     * A few invocations before the first scenario, not counted: the members' JVMs load and compile their paths, so
     * that the baseline measures the engine rather than its warm-up.
     */
    private static void warmUp(ProcessCluster cluster, String workflow, Settings s, PrintStream progress) throws Exception {
        InvokeOptions options = new InvokeOptions(WARM_UP_TIMEOUT_MILLIS, true, s.timeScale(), false);
        int ok = 0;
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            List<InvocationHandle> handles = new ArrayList<>();
            for (int i = 0; i < WARM_UP_PER_ROUND; i++) {
                handles.add(cluster.invoke(workflow, JSON.createObjectNode().put("request", "warm-up"), options));
            }
            for (InvocationHandle h : handles) {
                try {
                    if (h.result().get(WARM_UP_TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS).phase() == InvocationPhase.SUCCEEDED) {
                        ok++;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // counted as not ok
                }
                cluster.delete(h.id()).exceptionally(e -> false).get(30, TimeUnit.SECONDS);
            }
        }
        progress.printf(Locale.ROOT, "warm-up: %d of %d invocations succeeded (not counted)%n", ok, WARM_UP_ROUNDS * WARM_UP_PER_ROUND);
    }

    /** Namespaces keep their round trip where the kernel has netem, and run without delay where it has not. */
    private static ProcessCluster startWithOrWithoutDelay(ProcessOptions layout, PrintStream progress) throws IOException {
        try {
            return ProcessCluster.start(layout);
        } catch (ProcessCluster.UnavailableHereException e) {
            if (!"--rtt-ms".equals(e.option())) {
                throw e;
            }
            progress.println("note: " + e.getMessage().replace(": give --rtt-ms 0 to run without delay", "") + "; running without delay");
            return ProcessCluster.start(layout.withRttMs(0));
        }
    }

    /** One scenario: the steady load, the fault a third of the way in, then the count and what was left. */
    private static final class Scenario {
        private final ProcessCluster cluster;
        private final Fault fault;
        private final Settings s;
        private final String workflow;
        private final PrintStream progress;
        private final GatewayClient gateway;
        private final ScheduledExecutorService polls = Executors.newScheduledThreadPool(2);
        private final Map<String, Boolean> ids = new ConcurrentHashMap<>();

        Scenario(ProcessCluster cluster, Fault fault, Settings s, String workflow, PrintStream progress) {
            this.cluster = cluster;
            this.fault = fault;
            this.s = s;
            this.workflow = workflow;
            this.progress = progress;
            this.gateway = cluster.gateway();
        }

        ScenarioResult run() throws Exception {
            long[] before = left();
            java.util.Set<String> keysBefore = new java.util.HashSet<>(cluster.redisKeyNames(KEY_NAMES_SEEN));
            long start = System.nanoTime();
            long intervalNanos = (long) (1e9 / s.rate());
            long faultAtNanos = (long) (s.invocations() / 3.0 * intervalNanos);
            CompletableFuture<Void> injected = new CompletableFuture<>();
            Thread injector = new Thread(() -> {
                LockSupport.parkNanos(faultAtNanos);
                try {
                    progress.println("scenario " + fault.label + ": " + fault.description);
                    fault.inject(cluster, (long) (s.faultSeconds() * 1000));
                    injected.complete(null);
                } catch (Exception e) {
                    injected.completeExceptionally(e);
                }
            }, "faasflow-fault-" + fault.label);
            injector.start();
            List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < s.invocations(); i++) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    outcomes.add(send());
                }
                injected.get(10, TimeUnit.MINUTES);
                List<Outcome> all = new ArrayList<>();
                for (CompletableFuture<Outcome> o : outcomes) {
                    all.add(o.get(10, TimeUnit.MINUTES));
                }
                forgetAll();
                long[] after = settle(before);
                List<String> keysLeft = after[2] == 0 ? List.of() : cluster.redisKeyNames(KEY_NAMES_SEEN).stream()
                        .filter(k -> !keysBefore.contains(k)).limit(5).toList();
                return count(all, after, keysLeft, (System.nanoTime() - start) / 1e9);
            } finally {
                polls.shutdownNow();
            }
        }

        private CompletableFuture<Outcome> send() {
            InvokeOptions options = new InvokeOptions((long) (s.timeoutSeconds() * 1000), true, s.timeScale(), false);
            if (s.retries() > 0) {
                // A key per submission: sending it again can never start a second invocation.
                options = options.withRequestId(java.util.UUID.randomUUID().toString());
            }
            long sentAt = System.currentTimeMillis();
            long deadline = sentAt + options.timeoutMillis();
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            submit(options, deadline, outcome);
            return outcome;
        }

        /**
         * Submits once; with retries on, a submission that got no answer or a 5xx is sent again with its key after a
         * pause while the invocation's deadline allows, as a client would (the key makes that safe even when the
         * first was taken); a 4xx is final.
         */
        private void submit(InvokeOptions options, long deadline, CompletableFuture<Outcome> outcome) {
            gateway.submit(workflow, JSON.createObjectNode().put("request", "faults"), options).whenComplete((id, err) -> {
                if (err != null) {
                    Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                            ? err.getCause() : err;
                    if (s.retries() > 0 && !(cause instanceof dev.faasflow.coordinator.InvalidInvocationException)
                            && System.currentTimeMillis() + RESUBMIT_PAUSE_MILLIS < deadline) {
                        polls.schedule(() -> submit(options, deadline, outcome), RESUBMIT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
                        return;
                    }
                    outcome.complete(new Outcome(Outcome.Kind.FAILED, "not accepted: " + describe(cause), false));
                    return;
                }
                ids.put(id, Boolean.TRUE);
                poll(id, deadline, outcome, "never seen");
            });
        }


        private void poll(String id, long deadline, CompletableFuture<Outcome> outcome, String lastSeen) {
            polls.schedule(() -> gateway.get(id).whenComplete((found, err) -> {
                String seen = lastSeen;
                if (err != null) {
                    seen = "gateway unreachable: " + describe(err.getCause() != null ? err.getCause() : err);
                } else if (found.isEmpty()) {
                    seen = "unknown to the gateway";
                } else {
                    InvocationPhase phase = GatewayClient.phase(found.get());
                    seen = "last seen " + (phase == null ? "?" : phase.label());
                    if (phase != null && phase.isFinal()) {
                        outcome.complete(finished(found.get(), phase, deadline));
                        return;
                    }
                }
                if (System.currentTimeMillis() > deadline + LOST_GRACE_MILLIS) {
                    outcome.complete(new Outcome(Outcome.Kind.LOST, "no final phase " + LOST_GRACE_MILLIS / 1000
                            + " s after its deadline (" + seen + ")", false));
                    return;
                }
                poll(id, deadline, outcome, seen);
            }), 200, TimeUnit.MILLISECONDS);
        }

        private static Outcome finished(JsonNode invocation, InvocationPhase phase, long deadline) {
            String message;
            long completedAt;
            try {
                InvocationResult r = GatewayClient.result(invocation);
                message = r.message();
                completedAt = r.completedAtMillis();
            } catch (IOException e) {
                message = invocation.path("message").asText(null);
                completedAt = 0;
            }
            boolean late = completedAt > deadline + LATE_TOLERANCE_MILLIS;
            Outcome.Kind kind = switch (phase) {
                case SUCCEEDED -> Outcome.Kind.SUCCEEDED;
                case TIMED_OUT -> Outcome.Kind.TIMED_OUT;
                default -> Outcome.Kind.FAILED;
            };
            return new Outcome(kind, message, late);
        }

        /** Deletes every invocation the gateway accepted: results leave Redis, as a client's DELETE does. */
        private void forgetAll() {
            List<CompletableFuture<Boolean>> deletes = new ArrayList<>();
            for (String id : ids.keySet()) {
                deletes.add(gateway.delete(id).exceptionally(e -> false));
            }
            deletes.forEach(CompletableFuture::join);
        }

        /** Waits until nothing more than before the scenario is held anywhere, or the settle time is over. */
        private long[] settle(long[] before) throws InterruptedException {
            long until = System.currentTimeMillis() + (long) (s.settleSeconds() * 1000);
            long[] now = left();
            while (System.currentTimeMillis() < until && (now[0] > before[0] || now[1] > before[1] || now[2] > before[2])) {
                Thread.sleep(500);
                now = left();
            }
            return new long[] {Math.max(0, now[0] - before[0]), Math.max(0, now[1] - before[1]), Math.max(0, now[2] - before[2])};
        }

        private long[] left() {
            return new long[] {cluster.statesLeft(), cluster.localBytesLeft(), Math.max(0, cluster.redisKeys())};
        }

        private ScenarioResult count(List<Outcome> all, long[] left, List<String> keysLeft, double seconds) {
            int ok = 0;
            int failed = 0;
            int timedOut = 0;
            int lost = 0;
            int late = 0;
            int noReason = 0;
            Map<String, Integer> reasons = new LinkedHashMap<>();
            for (Outcome o : all) {
                switch (o.kind()) {
                    case SUCCEEDED -> ok++;
                    case FAILED -> failed++;
                    case TIMED_OUT -> timedOut++;
                    case LOST -> lost++;
                    default -> throw new IllegalStateException(o.kind().name());
                }
                if (o.late()) {
                    late++;
                }
                if (o.kind() != Outcome.Kind.SUCCEEDED) {
                    if (o.reason() == null || o.reason().isBlank()) {
                        noReason++;
                    } else {
                        reasons.merge(o.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + blank(o.reason()), 1, Integer::sum);
                    }
                }
            }
            progress.printf(Locale.ROOT, "scenario %s: %d sent, %d ok, %d failed, %d timed out, %d lost%n", fault.label,
                    all.size(), ok, failed, timedOut, lost);
            reasons.entrySet().stream().max(Map.Entry.comparingByValue())
                    .ifPresent(e -> progress.printf(Locale.ROOT, "  most often (%d×): %s%n", e.getValue(), e.getKey()));
            return new ScenarioResult(fault.label, fault.description, all.size(), ok, failed, timedOut, lost, late, noReason,
                    reasons, left[0], left[1], left[2], keysLeft, seconds, null);
        }
    }

    /** A reason with ids, addresses and numbers blanked, so that equal reasons count together. */
    static String blank(String reason) {
        String r = reason.replaceAll("inv-[0-9a-f]+", "inv-…").replaceAll("https?://[^ )\"]+", "URL")
                .replaceAll("\\d+(\\.\\d+)?", "N");
        return r.length() > 200 ? r.substring(0, 200) + "…" : r;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    static void print(String layout, Settings s, List<ScenarioResult> results, PrintStream out) {
        out.printf(Locale.ROOT, "Fault harness: %s; workflow faults (4 functions on 2 nodes); %.1f invocations/s, %d per "
                        + "scenario, timeout %.1f s, lost = no final phase %d s past the deadline; %s.%n", layout, s.rate(),
                s.invocations(), s.timeoutSeconds(), LOST_GRACE_MILLIS / 1000, s.retries() == 0 ? "no retries"
                        : "functions retried up to " + s.retries() + " times, unanswered submissions sent again with their key");
        out.printf(Locale.ROOT, "%-17s %6s %6s %6s %9s %6s %5s %20s %7s  %s%n", "SCENARIO", "SENT", "OK", "FAILED",
                "TIMED OUT", "LOST", "LATE", "LEFT states/B/keys", "TIME S", "GOAL");
        int total = 0;
        for (ScenarioResult r : results) {
            if (r.skipped() != null) {
                out.printf(Locale.ROOT, "%-17s skipped: %s%n", r.scenario(), r.skipped());
                continue;
            }
            total += r.sent();
            out.printf(Locale.ROOT, "%-17s %6d %6d %6d %9d %6d %5d %20s %7.1f  %s%n", r.scenario(), r.sent(), r.succeeded(),
                    r.failed(), r.timedOut(), r.lost(), r.late(), r.statesLeft() + "/" + r.bytesLeft() + "/" + r.keysLeft(),
                    r.seconds(), goal(r));
        }
        out.printf(Locale.ROOT, "%-17s %6d%n", "total", total);
        for (ScenarioResult r : results) {
            if (!r.reasons().isEmpty() || r.failedWithoutReason() > 0 || !r.keyNamesLeft().isEmpty()) {
                out.println(r.scenario() + ":");
                r.reasons().forEach((reason, n) -> out.printf(Locale.ROOT, "  %5d × %s%n", n, reason));
                if (r.failedWithoutReason() > 0) {
                    out.printf(Locale.ROOT, "  %5d × (no reason given)%n", r.failedWithoutReason());
                }
                if (!r.keyNamesLeft().isEmpty()) {
                    out.println("  left in Redis: " + String.join(" ", r.keyNamesLeft()));
                }
            }
        }
    }

    /** The goal: none lost, nothing left, every failure with a reason, none late. */
    static String goal(ScenarioResult r) {
        List<String> missed = new ArrayList<>();
        if (r.lost() > 0) {
            missed.add("lost");
        }
        if (r.leftBehind() > 0) {
            missed.add("left behind");
        }
        if (r.failedWithoutReason() > 0) {
            missed.add("no reason");
        }
        if (r.late() > 0) {
            missed.add("late");
        }
        return missed.isEmpty() ? "met" : "NOT met: " + String.join(", ", missed);
    }

    private static ObjectNode toJson(String layout, Settings s, List<ScenarioResult> results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("benchmark", "faults");
        root.put("layout", layout);
        root.put("rate", s.rate());
        root.put("invocationsPerScenario", s.invocations());
        root.put("timeoutSeconds", s.timeoutSeconds());
        root.put("retries", s.retries());
        root.put("lostGraceSeconds", LOST_GRACE_MILLIS / 1000);
        ArrayNode arr = root.putArray("scenarios");
        for (ScenarioResult r : results) {
            ObjectNode o = JSON.valueToTree(r);
            o.put("goal", r.skipped() != null ? "skipped" : goal(r));
            arr.add(o);
        }
        return root;
    }

    /** For tests: the reasons, as the table shows them. */
    static Optional<ScenarioResult> find(List<ScenarioResult> results, String scenario) {
        return results.stream().filter(r -> r.scenario().equals(scenario)).findFirst();
    }
}
