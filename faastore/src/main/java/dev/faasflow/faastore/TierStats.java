package dev.faasflow.faastore;

/**
 * What one tier did since the store started.
 *
 * @param bytesIn  value bytes written into the tier
 * @param bytesOut value bytes read out of the tier
 * @param misses   gets that found nothing in this tier
 * @param failures operations that failed (remote tier unreachable, for instance)
 * @param nanos    cumulative time spent in the tier's operations
 */
public record TierStats(long puts, long gets, long deletes, long misses, long failures,
                        long bytesIn, long bytesOut, long nanos) {
    public double millis() {
        return nanos / 1e6;
    }
}
