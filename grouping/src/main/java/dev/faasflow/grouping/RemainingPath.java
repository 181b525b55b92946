package dev.faasflow.grouping;

import dev.faasflow.workflow.Workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per function, the longest path from its start to the end of the workflow, weighted as the planner weighs
 * the critical path: each function's declared runtime plus each edge's transfer estimate (cheaper inside a
 * group). A function whose remaining path is longer holds up the end of its invocation more, so the agents'
 * slot scheduler lets it go first. The largest value is {@link Plan#criticalPathAfterSeconds()}.
 */
public final class RemainingPath {
    private RemainingPath() {
    }

    /** Function name → seconds from its start to the end, in the workflow's declaration order. */
    public static Map<String, Double> seconds(Workflow wf, Plan plan) {
        int n = wf.size();
        int[] topo = wf.topologicalOrder();
        double[] remaining = new double[n];
        for (int k = n - 1; k >= 0; k--) {
            int v = topo[k];
            String group = plan.function(wf.function(v).name()).group();
            double out = wf.function(v).outputBytes() / GroupingPlanner.NETWORK_BYTES_PER_SECOND;
            double after = 0;
            List<Integer> successors = wf.successorsOf(v);
            for (int s : successors) {
                boolean sameGroup = group.equals(plan.function(wf.function(s).name()).group());
                after = Math.max(after, (sameGroup ? out / GroupingPlanner.MEMORY_SPEEDUP : out) + remaining[s]);
            }
            remaining[v] = wf.function(v).runtime() + after;
        }
        Map<String, Double> byName = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byName.put(wf.function(i).name(), remaining[i]);
        }
        return byName;
    }
}
