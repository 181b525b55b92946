package dev.faasflow.agent.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every agent needs to know about an invocation; small, so it rides along with each trigger
 * instead of needing a separate set-up round.
 *
 * @param coordinator         base URL that receives the invocation's events (sinks done, failures)
 * @param input               the caller's small global inputs (JSON object), handed to functions as parameters
 * @param deadlineEpochMillis when the invocation times out; an agent drops what it still holds of it once this
 *                            and its grace period have passed
 * @param planVersion         the plan version of the workflow it was started under (agents keep that version while
 *                            it runs, so a re-plan does not break it); null: whatever version is installed
 * @param resume              for a retry of a failed invocation, what already succeeded there; else null
 */
public record InvocationContext(String id, String workflow, String coordinator, double timeScale,
                                JsonNode input, long deadlineEpochMillis, String planVersion, Resume resume) {

    public InvocationContext(String id, String workflow, String coordinator, double timeScale, JsonNode input,
                             long deadlineEpochMillis) {
        this(id, workflow, coordinator, timeScale, input, deadlineEpochMillis, null, null);
    }
}
