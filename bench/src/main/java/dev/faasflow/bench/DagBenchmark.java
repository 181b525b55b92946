package dev.faasflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.SlotStats;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code faasflow bench dag}: a generated scientific DAG (1,000 tasks of 14 programs by default) run embedded on
 * nodes of limited slots, reporting end-to-end time against the two lower bounds: the critical path (the longest
 * chain of runtimes) and the ideal (total work, runtime × scale summed, over total slots), both at the time
 * scale; plus what the nodes' slot schedulers saw (peak slots held, peak queue, queue times).
 */
public final class DagBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param sizeFactor scales the generated data sizes (10 KB to 100 MB at 1), so the run measures scheduling,
     *                   not copying gigabytes
     */
    public record Settings(int tasks, int programs, int nodes, int slots, int invocations, double timeScale,
                           double sizeFactor, long seed, boolean json) {
    }

    private DagBenchmark() {
    }

    public static int run(Settings s, PrintStream out, PrintStream progress) throws Exception {
        Workflow wf = SyntheticWorkflows.scientific(s.tasks(), s.programs(), s.seed(), s.sizeFactor());
        double criticalMs = criticalPathSeconds(wf) * s.timeScale() * 1000;
        double work = wf.functions().stream().mapToDouble(f -> f.runtime() * Math.max(1, f.scale())).sum();
        double idealMs = work * s.invocations() / ((double) s.nodes() * s.slots()) * s.timeScale() * 1000;
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(s.nodes()).withSlots(s.slots()))) {
            Plan plan = cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            progress.printf(Locale.ROOT, "%s: %d functions in %d groups on %d nodes of %d slots, %d invocation(s) at once...%n",
                    wf.name(), wf.size(), plan.groups().size(), plan.usedNodes().size(), s.slots(), s.invocations());
            InvokeOptions options = InvokeOptions.defaults().withTimeScale(s.timeScale()).withGenerateMissingInputs(true)
                    .withTimeoutMillis(Math.max(600_000, Math.round((criticalMs + idealMs) * 20)));
            long started = System.nanoTime();
            List<InvocationHandle> handles = new ArrayList<>();
            for (int i = 0; i < s.invocations(); i++) {
                handles.add(cluster.invoke(wf.name(), JSON.createObjectNode(), options));
            }
            List<InvocationResult> results = new ArrayList<>();
            for (InvocationHandle h : handles) {
                results.add(h.result().get(options.timeoutMillis() + 60_000, TimeUnit.MILLISECONDS));
            }
            double wallMs = (System.nanoTime() - started) / 1e6;
            List<SlotStats> nodes = cluster.slotStats();
            for (InvocationResult r : results) {
                cluster.coordinator().delete(r.id()).get(60, TimeUnit.SECONDS);
            }

            ObjectNode report = JSON.createObjectNode();
            report.put("benchmark", "dag");
            report.put("workflow", wf.name());
            report.put("functions", wf.size());
            report.put("programs", s.programs());
            report.put("nodes", s.nodes());
            report.put("slotsPerNode", s.slots());
            report.put("invocations", s.invocations());
            report.put("timeScale", s.timeScale());
            report.put("slotsNeeded", wf.functions().stream().mapToInt(f -> Math.max(1, f.scale())).sum());
            report.put("oversubscription", round(plan.oversubscription()));
            report.put("succeeded", results.stream().filter(r -> r.phase() == InvocationPhase.SUCCEEDED).count());
            report.put("wallMs", round(wallMs));
            report.put("e2eMsMax", round(results.stream().mapToDouble(InvocationResult::e2eMs).max().orElse(0)));
            report.put("criticalPathMs", round(criticalMs));
            report.put("idealMs", round(idealMs));
            double bound = Math.max(criticalMs, idealMs);
            report.put("lowerBoundMs", round(bound));
            report.put("wallOverCriticalPath", round(criticalMs <= 0 ? 0 : wallMs / criticalMs));
            report.put("wallOverIdeal", round(idealMs <= 0 ? 0 : wallMs / idealMs));
            report.put("wallOverLowerBound", round(bound <= 0 ? 0 : wallMs / bound));
            report.put("scheduleOverheadMsMax", round(results.stream().mapToDouble(InvocationResult::scheduleOverheadMs)
                    .max().orElse(0)));
            report.put("dataOverheadMsMax", round(results.stream().mapToDouble(InvocationResult::dataOverheadMs)
                    .max().orElse(0)));
            report.put("queuedMsTotal", round(results.stream().flatMap(r -> r.functions().stream())
                    .mapToDouble(FunctionRecord::queuedMs).sum()));
            ArrayNode perNode = report.putArray("nodeSlots");
            for (int i = 0; i < nodes.size(); i++) {
                SlotStats n = nodes.get(i);
                perNode.addObject().put("node", cluster.nodes().get(i).name()).put("peakUsed", n.peakUsed())
                        .put("peakWaiting", n.peakWaiting()).put("granted", n.granted())
                        .put("queuedP50Ms", round(n.queuedP50Ms())).put("queuedP99Ms", round(n.queuedP99Ms()))
                        .put("queuedMaxMs", round(n.queuedMaxMs())).put("leftUsed", n.used()).put("leftWaiting", n.waiting());
            }
            report.put("statesLeft", cluster.statesLeft());
            report.put("localBytesLeft", cluster.localBytesLeft());
            if (s.json()) {
                out.println(report.toPrettyString());
            } else {
                print(report, results, out);
            }
            return results.stream().allMatch(r -> r.phase() == InvocationPhase.SUCCEEDED) ? 0 : 1;
        }
    }

    /** The longest chain of runtimes from a start to a sink, in seconds (no data or scheduling cost). */
    static double criticalPathSeconds(Workflow wf) {
        Map<String, Double> longest = new HashMap<>();
        double best = 0;
        for (FunctionDef f : wf.functions()) {
            best = Math.max(best, longestTo(wf, f.name(), longest));
        }
        return best;
    }

    private static double longestTo(Workflow wf, String fn, Map<String, Double> memo) {
        Double known = memo.get(fn);
        if (known != null) {
            return known;
        }
        double before = 0;
        for (String p : wf.predecessorNames(fn)) {
            before = Math.max(before, longestTo(wf, p, memo));
        }
        double v = before + wf.function(fn).runtime();
        memo.put(fn, v);
        return v;
    }

    private static void print(ObjectNode r, List<InvocationResult> results, PrintStream out) {
        out.printf(Locale.ROOT, "%s: %d functions (%d slots needed) on %d nodes x %d slots, %d invocation(s), time scale %s%n",
                r.get("workflow").asText(), r.get("functions").asInt(), r.get("slotsNeeded").asInt(), r.get("nodes").asInt(),
                r.get("slotsPerNode").asInt(), r.get("invocations").asInt(), r.get("timeScale").asText());
        out.printf(Locale.ROOT, "%-28s %12s%n", "", "MS");
        out.printf(Locale.ROOT, "%-28s %12.1f%n", "end to end (all done)", r.get("wallMs").asDouble());
        out.printf(Locale.ROOT, "%-28s %12.1f   x%.2f%n", "critical path", r.get("criticalPathMs").asDouble(),
                r.get("wallOverCriticalPath").asDouble());
        out.printf(Locale.ROOT, "%-28s %12.1f   x%.2f%n", "ideal (work / slots)", r.get("idealMs").asDouble(),
                r.get("wallOverIdeal").asDouble());
        out.printf(Locale.ROOT, "%-28s %12.1f   x%.2f%n", "lower bound (the larger)", r.get("lowerBoundMs").asDouble(),
                r.get("wallOverLowerBound").asDouble());
        out.printf(Locale.ROOT, "%-28s %12.1f%n", "schedule overhead", r.get("scheduleOverheadMsMax").asDouble());
        out.printf(Locale.ROOT, "%-28s %12.1f%n", "data overhead", r.get("dataOverheadMsMax").asDouble());
        out.printf(Locale.ROOT, "%-28s %12.1f%n", "queue time, all instances", r.get("queuedMsTotal").asDouble());
        out.printf(Locale.ROOT, "%-10s %10s %12s %10s %12s %12s %12s%n", "NODE", "PEAK SLOTS", "PEAK WAITING",
                "GRANTED", "QUEUED P50", "QUEUED P99", "QUEUED MAX");
        for (var n : r.get("nodeSlots")) {
            out.printf(Locale.ROOT, "%-10s %10d %12d %10d %12.1f %12.1f %12.1f%n", n.get("node").asText(),
                    n.get("peakUsed").asInt(), n.get("peakWaiting").asInt(), n.get("granted").asLong(),
                    n.get("queuedP50Ms").asDouble(), n.get("queuedP99Ms").asDouble(), n.get("queuedMaxMs").asDouble());
        }
        out.printf(Locale.ROOT, "succeeded %d of %d; left behind: %d invocation states, %d bytes in node memory%n",
                r.get("succeeded").asInt(), results.size(), r.get("statesLeft").asInt(), r.get("localBytesLeft").asLong());
        for (InvocationResult res : results) {
            if (res.phase() != InvocationPhase.SUCCEEDED) {
                out.println("  " + res.id() + " " + res.phase().label() + ": " + res.message());
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
