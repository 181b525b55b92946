package dev.faasflow.agent.protocol;

import java.util.List;

/**
 * An agent's answer to {@code GET /v1/invocations/{id}}: whether it still holds the invocation's state (what a
 * recovering coordinator asks before it resumes waiting for an invocation), and what succeeded there so far.
 *
 * @param ended the agent saw it end (it was cleared there): it refuses the invocation from now on, so it cannot run
 *              again under its id; false when the agent never knew it (it restarted since, say)
 */
public record InvocationInfo(String id, String node, boolean held, List<String> succeeded, long deadlineEpochMillis,
                             boolean ended) {
    public InvocationInfo {
        succeeded = succeeded == null ? List.of() : List.copyOf(succeeded);
    }
}
