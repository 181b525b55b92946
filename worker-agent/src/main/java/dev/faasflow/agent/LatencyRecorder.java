package dev.faasflow.agent;

import java.util.Arrays;

/** Keeps the last samples (nanoseconds) in a ring and answers percentiles. Thread-safe. */
public final class LatencyRecorder {
    private final long[] ring;
    private long count;

    public LatencyRecorder(int capacity) {
        this.ring = new long[capacity];
    }

    public synchronized void record(long nanos) {
        ring[(int) (count % ring.length)] = nanos;
        count++;
    }

    public synchronized long count() {
        return count;
    }

    public synchronized void reset() {
        count = 0;
    }

    /** The p-th percentile (0..100) of the kept samples in nanoseconds, or -1 with no samples. */
    public synchronized long percentile(double p) {
        int n = (int) Math.min(count, ring.length);
        if (n == 0) {
            return -1;
        }
        long[] copy = Arrays.copyOf(ring, n);
        Arrays.sort(copy);
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return copy[Math.max(0, Math.min(n - 1, index))];
    }
}
