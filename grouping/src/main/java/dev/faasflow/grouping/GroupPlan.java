package dev.faasflow.grouping;

import java.util.List;

/** A function group, placed as a whole on one node. */
public record GroupPlan(String id, String node, List<String> functions, int slots) {
    public GroupPlan {
        functions = List.copyOf(functions);
    }
}
