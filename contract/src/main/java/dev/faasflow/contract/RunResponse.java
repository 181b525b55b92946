package dev.faasflow.contract;

/**
 * The body of a successful {@code POST /v1/run}.
 *
 * @param function        the function that ran
 * @param instance        its foreach instance, or null
 * @param implementation  the registry entry that served the run (for example {@code wordcount/count} or
 *                        {@code replay}); an addition of the Java runtime that callers may ignore
 * @param durationMs      the whole execution measured inside the function
 * @param dataMs          the part of it spent in fetch and put
 * @param gets            values read
 * @param puts            values written
 * @param bytesRead       bytes read
 * @param bytesWritten    bytes written
 * @param startedAtMicros wall-clock time the function started, microseconds since the epoch (0: not given)
 * @param endedAtMicros   wall-clock time it ended (with its node's clock: compare only within a node)
 */
public record RunResponse(
        String function,
        Integer instance,
        String implementation,
        double durationMs,
        double dataMs,
        long gets,
        long puts,
        long bytesRead,
        long bytesWritten,
        long startedAtMicros,
        long endedAtMicros) {
}
