package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How outputs are placed: by the plan's destinations, or everything in the remote store (the baseline). */
public enum DataMode {
    /** FaaSFlow: follow each output's planned destination, local tier bounded by the workflow quota. */
    OPTIMIZED,
    /** Baseline: every value goes to and comes from the remote tier; the local tier is never touched. */
    RAW;

    /** Accepts the artifact's spelling ({@code optimized}, {@code raw}) in any case. */
    @JsonCreator
    public static DataMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown data mode '" + text + "' (optimized or raw)");
        }
    }

    /** The one spelling of resources, plans, JSON and the command line: optimized, raw. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
