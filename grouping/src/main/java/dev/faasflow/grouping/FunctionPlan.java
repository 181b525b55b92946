package dev.faasflow.grouping;

import dev.faasflow.workflow.Destination;

import java.util.List;

/**
 * Where one function runs and what the agent of its node needs to drive it.
 *
 * @param predecessors number of incoming edges: the function starts when that many predecessors finished
 */
public record FunctionPlan(
        String node,
        String group,
        Destination destination,
        int predecessors,
        List<String> successors,
        boolean start,
        boolean foreach,
        boolean merge) {

    public FunctionPlan {
        successors = List.copyOf(successors);
    }
}
