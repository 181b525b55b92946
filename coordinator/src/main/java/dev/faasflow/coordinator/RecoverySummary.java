package dev.faasflow.coordinator;

import java.util.List;

/**
 * What {@link Coordinator#recover()} did with the unfinished invocations it found in the records.
 *
 * @param resumed          running under WorkerSP with their agents still holding them: waited for again
 * @param admitted         Pending (or MasterSP ones whose workflow retries everything): admitted again
 * @param awaitingWorkflow to be admitted again once their workflow is deployed again
 * @param completed        every sink (or a failure) had been reported before the restart: ended as reported
 * @param failed           ended Failed: their state was lost (named in their message)
 * @param timedOut         ended TimedOut: their deadline passed while no coordinator ran
 * @param details          one line per invocation: its id and what happened to it
 */
public record RecoverySummary(int resumed, int admitted, int awaitingWorkflow, int completed, int failed, int timedOut,
                              List<String> details) {
    public RecoverySummary {
        details = List.copyOf(details);
    }

    public int total() {
        return resumed + admitted + awaitingWorkflow + completed + failed + timedOut;
    }

    @Override
    public String toString() {
        return total() + " unfinished invocations: " + resumed + " resumed, " + admitted + " admitted again, "
                + awaitingWorkflow + " waiting for their workflow, " + completed + " completed, " + failed + " failed, "
                + timedOut + " timed out";
    }
}
