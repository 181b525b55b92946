package dev.faasflow.grouping;

import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemainingPathTest {

    @Test
    void theLongestRemainingPathIsThePlansCriticalPathAndItShrinksAlongIt() throws Exception {
        for (Workflow wf : List.of(Benchmarks.load("genome"), Benchmarks.load("video"),
                SyntheticWorkflows.scientific(546, 14, 7))) {
            Plan plan = GroupingPlanner.plan(wf, Nodes.uniform(7, 120), GroupingOptions.defaults());
            Map<String, Double> remaining = RemainingPath.seconds(wf, plan);
            assertEquals(wf.size(), remaining.size());
            assertEquals(plan.criticalPathAfterSeconds(), Collections.max(remaining.values()), 1e-9, wf.name());
            // Along the critical path each function has at least its own runtime less to go than the one before.
            List<String> path = plan.criticalPath();
            for (int i = 1; i < path.size(); i++) {
                double before = remaining.get(path.get(i - 1));
                double after = remaining.get(path.get(i));
                assertTrue(before - after >= wf.function(path.get(i - 1)).runtime() - 1e-9, wf.name() + " at " + path.get(i));
            }
            for (String sink : wf.sinkFunctions()) {
                assertEquals(wf.function(sink).runtime(), remaining.get(sink), 1e-9, "a sink has only itself to go");
            }
        }
    }
}
