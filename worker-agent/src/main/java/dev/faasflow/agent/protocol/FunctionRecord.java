package dev.faasflow.agent.protocol;

/**
 * One attempt of a function (or of one foreach instance) as measured on its node.
 *
 * @param durationMs time the function itself measured for its run, data access included (for a failed attempt:
 *                   the time its node waited for it)
 * @param dataMs     the part of it spent in fetch and put
 * @param coldStart  whether a new instance had to be started for it
 * @param startedAtMicros, endedAtMicros when it ran by its node's wall clock (µs since the epoch; 0 if the
 *                   runtime did not say): within a node, successor start − predecessor end is the trigger latency
 * @param queuedMs   how long it waited on its node for slots and a warm-pool instance before its run was sent
 * @param attempt    1 for the first attempt, 2 for the first retry, …
 * @param error      why the attempt failed; null for the attempt that succeeded
 */
public record FunctionRecord(String function, String node, Integer instance, double durationMs, double dataMs,
                             long bytesRead, long bytesWritten, boolean coldStart, long startedAtMicros,
                             long endedAtMicros, double queuedMs, int attempt, String error) {

    /** A first attempt that succeeded without waiting. */
    public FunctionRecord(String function, String node, Integer instance, double durationMs, double dataMs,
                          long bytesRead, long bytesWritten, boolean coldStart, long startedAtMicros, long endedAtMicros) {
        this(function, node, instance, durationMs, dataMs, bytesRead, bytesWritten, coldStart, startedAtMicros,
                endedAtMicros, 0, 1, null);
    }

    public boolean succeeded() {
        return error == null;
    }
}
