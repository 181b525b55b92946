package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.List;

/**
 * The successors of a function and how they are triggered; {@code conditions[i]} guards {@code nodes[i]}.
 * The Workflow resource carries it as it is, so its JSON form (and the descriptions in the resource's
 * schema) live here.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Next(
        @JsonPropertyDescription("pass or parallel (trigger every node), switch (first true condition wins), foreach")
        NextType type,
        @JsonPropertyDescription("the successors, by function name")
        List<String> nodes,
        @JsonPropertyDescription("switch only: conditions[i] guards nodes[i]; 'default' is always true")
        List<String> conditions) {
    public static final Next NONE = new Next(NextType.PASS, List.of(), List.of());

    public Next {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
