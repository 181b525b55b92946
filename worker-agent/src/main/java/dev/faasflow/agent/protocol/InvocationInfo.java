package dev.faasflow.agent.protocol;

import java.util.List;

/**
 * An agent's answer to {@code GET /v1/invocations/{id}}: whether it still holds the invocation's state (what a
 * recovering coordinator asks before it resumes waiting for an invocation), and what succeeded there so far.
 */
public record InvocationInfo(String id, String node, boolean held, List<String> succeeded, long deadlineEpochMillis) {
    public InvocationInfo {
        succeeded = succeeded == null ? List.of() : List.copyOf(succeeded);
    }
}
