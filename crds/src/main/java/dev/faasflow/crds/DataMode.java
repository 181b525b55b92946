package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** optimized: FaaStore placement (node memory where possible); raw: every output through the remote store. */
public enum DataMode {
    @JsonProperty("optimized") OPTIMIZED,
    @JsonProperty("raw") RAW;

    public String label() {
        return this == OPTIMIZED ? "optimized" : "raw";
    }
}
