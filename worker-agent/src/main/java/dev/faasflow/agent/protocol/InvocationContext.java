package dev.faasflow.agent.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every agent needs to know about an invocation; small, so it rides along with each trigger
 * instead of needing a separate set-up round.
 *
 * @param coordinator base URL that receives the invocation's events (sinks done, failures)
 * @param input       the caller's small global inputs (JSON object), handed to functions as parameters
 */
public record InvocationContext(String id, String workflow, String coordinator, double timeScale,
                                JsonNode input, long deadlineEpochMillis) {
}
