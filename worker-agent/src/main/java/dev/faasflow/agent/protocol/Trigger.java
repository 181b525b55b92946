package dev.faasflow.agent.protocol;

import java.util.Map;

/**
 * One edge firing: {@code from} finished (or was skipped) and {@code function} should count it.
 * {@code from} is null for the start of a start function. Carries no data, only the foreach widths
 * known so far (function → number of instances), so merge functions know how many values to read.
 */
public record Trigger(InvocationContext invocation, String function, String from, boolean skipped,
                      Map<String, Integer> widths) {
}
