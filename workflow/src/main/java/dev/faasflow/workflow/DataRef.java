package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where a value comes from: {@code function} (or INPUT) and the key ({@code parameter}). The Workflow
 * resource carries it as it is, so its JSON form (and the descriptions in the resource's schema) live here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataRef(
        @JsonPropertyDescription("the producing function, or INPUT for the invocation's input")
        String function,
        @JsonPropertyDescription("the key the value is stored under")
        String parameter) {
    public static final String INPUT = "INPUT";

    public boolean fromGlobalInput() {
        return INPUT.equals(function);
    }
}
