package dev.faasflow.coordinator;

import dev.faasflow.agent.protocol.InvocationContext;

/**
 * The coordinator's part of an invocation's record (the body of {@link dev.faasflow.faastore.InvocationRecord}, as
 * JSON): what a restarted coordinator needs to admit it again, to resume waiting for it or to end it.
 *
 * @param createdAtMillis  when it was submitted
 * @param runningSinceMillis when it began running (0 while Pending)
 * @param context          what its agents were told (id, workflow, deadline, inputs, what a retry starts from)
 * @param restartable      its workflow retries every function (a workflow-wide retry policy), so its functions may
 *                         run twice: after a restart that lost its progress (MasterSP, or no agent holds it any
 *                         more) it runs again from the start
 */
record StoredInvocation(long createdAtMillis, long runningSinceMillis, InvocationContext context, InvokeOptions options,
                        PlanFacts plan, boolean restartable) {
}
