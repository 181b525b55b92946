package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a function triggers the nodes in its {@code next.nodes}. */
public enum NextType {
    PASS, PARALLEL, SWITCH, FOREACH;

    public static NextType parse(String text) {
        if (text == null) {
            return PASS;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "pass" -> PASS;
            case "parallel" -> PARALLEL;
            case "switch" -> SWITCH;
            case "foreach" -> FOREACH;
            default -> null;
        };
    }

    /** Reads the JSON spelling strictly: an unknown type is an error naming the accepted ones. */
    @JsonCreator
    public static NextType fromJson(String text) {
        NextType t = parse(text);
        if (t == null) {
            throw new IllegalArgumentException("unknown next type '" + text + "' (pass, parallel, switch or foreach)");
        }
        return t;
    }

    /** The spelling of the workflow format and resources: pass, parallel, switch, foreach. */
    @JsonValue
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
