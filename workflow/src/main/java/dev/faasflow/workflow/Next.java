package dev.faasflow.workflow;

import java.util.List;

/** The successors of a function and how they are triggered; {@code conditions[i]} guards {@code nodes[i]}. */
public record Next(NextType type, List<String> nodes, List<String> conditions) {
    public static final Next NONE = new Next(NextType.PASS, List.of(), List.of());

    public Next {
        nodes = List.copyOf(nodes);
        conditions = List.copyOf(conditions);
    }
}
