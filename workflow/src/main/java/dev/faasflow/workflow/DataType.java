package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Type of an input or output. {@code normal} and {@code pass} both mean a single value;
 * {@code keys} (output) is a list that drives foreach fan-out; {@code key} (input) reads such a list.
 */
public enum DataType {
    NORMAL, PASS, KEY, KEYS;

    public static DataType parse(String text) {
        if (text == null) {
            return NORMAL;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "pass" -> PASS;
            case "key" -> KEY;
            case "keys" -> KEYS;
            default -> null;
        };
    }

    /** Reads the JSON spelling strictly: an unknown type is an error naming the accepted ones. */
    @JsonCreator
    public static DataType fromJson(String text) {
        DataType t = parse(text);
        if (t == null) {
            throw new IllegalArgumentException("unknown data type '" + text + "' (normal, pass, key or keys)");
        }
        return t;
    }

    /** The spelling of the workflow format, resources and the function contract: normal, pass, key, keys. */
    @JsonValue
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isList() {
        return this == KEY || this == KEYS;
    }
}
