package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The data types of the flat workflow format. */
public enum DataType {
    @JsonProperty("normal") NORMAL,
    @JsonProperty("pass") PASS,
    @JsonProperty("key") KEY,
    @JsonProperty("keys") KEYS
}
