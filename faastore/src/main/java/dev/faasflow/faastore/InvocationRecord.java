package dev.faasflow.faastore;

import dev.faasflow.workflow.InvocationPhase;

import java.util.Set;

/**
 * What the coordinator keeps of one invocation in the remote tier, so that a restarted (or newly elected)
 * coordinator can finish it. The store knows only what its own semantics need: the phase, the deadline (open
 * invocations are listed by it), the sinks reported (a set, so a repeated report changes nothing), the first
 * failure reported (later ones lose) and, once it has ended, its result; the rest is the coordinator's own JSON
 * ({@code body}).
 *
 * @param failedFunction the function of the first failure, or null (also when the failure names none)
 * @param failure        the reason of the first failure reported, or null
 * @param result         the coordinator's JSON of how it ended, once ended; else null
 */
public record InvocationRecord(String id, InvocationPhase phase, long deadlineEpochMillis, String body,
                               Set<String> sinksReported, String failedFunction, String failure, String result) {
    public InvocationRecord {
        sinksReported = Set.copyOf(sinksReported);
    }

    public boolean failed() {
        return failure != null;
    }
}
