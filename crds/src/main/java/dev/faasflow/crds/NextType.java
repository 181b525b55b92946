package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a function's successors are triggered. */
public enum NextType {
    @JsonProperty("pass") PASS,
    @JsonProperty("parallel") PARALLEL,
    @JsonProperty("switch") SWITCH,
    @JsonProperty("foreach") FOREACH
}
