package dev.faasflow.coordinator;

import dev.faasflow.agent.Deployment;
import dev.faasflow.workflow.ControlMode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the coordinator needs of an invocation's plan to finish it: where its agents are (to ask them, and to
 * clear them), how many sinks report, which keys are its results. Kept in the invocation's record, so that a
 * restarted coordinator can finish it even when that plan is no longer (or not yet) deployed.
 *
 * @param agents the agent of every node the plan uses
 */
record PlanFacts(String planId, ControlMode controlMode, Map<String, String> agents, int sinks, Set<String> resultKeys) {
    PlanFacts {
        agents = Map.copyOf(agents);
        resultKeys = Set.copyOf(resultKeys);
    }

    static PlanFacts of(Deployment d, ControlMode mode, String planId) {
        Map<String, String> agents = new LinkedHashMap<>();
        for (String node : d.nodesUsed()) {
            agents.put(node, d.agents().get(node));
        }
        return new PlanFacts(planId, mode, agents, d.workflow().sinkFunctions().size(), d.resultKeys());
    }
}
