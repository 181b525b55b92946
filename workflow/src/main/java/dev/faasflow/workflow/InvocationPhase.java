package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The life of an invocation: waiting to start, running, and the three ways it ends. */
public enum InvocationPhase {
    PENDING("Pending"), RUNNING("Running"), SUCCEEDED("Succeeded"), FAILED("Failed"), TIMED_OUT("TimedOut");

    private final String label;

    InvocationPhase(String label) {
        this.label = label;
    }

    /** The one spelling everywhere (gateway, command line, Invocation resources): Pending … TimedOut. */
    @JsonValue
    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }

    /** Accepts the label or the constant's name, in any case. */
    @JsonCreator
    public static InvocationPhase parse(String text) {
        String t = text == null ? "" : text.trim();
        for (InvocationPhase p : values()) {
            if (p.label.equalsIgnoreCase(t) || p.name().equalsIgnoreCase(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown invocation phase '" + text
                + "' (Pending, Running, Succeeded, Failed or TimedOut)");
    }
}
