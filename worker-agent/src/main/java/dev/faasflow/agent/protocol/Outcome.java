package dev.faasflow.agent.protocol;

import java.util.List;

/**
 * How one function execution ended.
 *
 * @param taken    successors to trigger normally
 * @param notTaken successors of a switch that were not chosen: they get a skipped trigger
 * @param width    number of instances, for a foreach function; else null
 */
public record Outcome(String function, boolean ok, List<String> taken, List<String> notTaken, Integer width,
                      String message, List<FunctionRecord> records) {

    public static Outcome failed(String function, String message) {
        return failed(function, message, List.of());
    }

    /** A failure after the attempts in {@code records} (each with its error). */
    public static Outcome failed(String function, String message, List<FunctionRecord> records) {
        return new Outcome(function, false, List.of(), List.of(), null, message, records);
    }
}
