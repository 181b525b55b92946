package dev.faasflow.coordinator;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.workflow.Workflow;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The longest path through the executed DAG by measured function time (a foreach counts its slowest instance). */
final class CriticalPath {
    /** No path known (the workflow is not at hand). */
    static final CriticalPath NONE = new CriticalPath(List.of(), 0);

    final List<String> functions;
    final double millis;

    private CriticalPath(List<String> functions, double millis) {
        this.functions = functions;
        this.millis = millis;
    }

    static CriticalPath of(Workflow wf, List<FunctionRecord> records) {
        Map<String, Double> duration = new HashMap<>();
        for (FunctionRecord r : records) {
            duration.merge(r.function(), r.durationMs(), Math::max);
        }
        int[] order = wf.topologicalOrder();
        double[] dist = new double[wf.size()];
        int[] prev = new int[wf.size()];
        Arrays.fill(prev, -1);
        int end = order[0];
        for (int v : order) {
            double best = 0;
            for (int u : wf.predecessorsOf(v)) {
                if (prev[v] < 0 || dist[u] > best) {
                    best = dist[u];
                    prev[v] = u;
                }
            }
            dist[v] = best + duration.getOrDefault(wf.function(v).name(), 0.0);
            if (dist[v] > dist[end]) {
                end = v;
            }
        }
        Deque<String> path = new ArrayDeque<>();
        for (int v = end; v >= 0; v = prev[v]) {
            path.push(wf.function(v).name());
        }
        return new CriticalPath(List.copyOf(path), dist[end]);
    }
}
