package dev.faasflow.agent;

import org.HdrHistogram.Histogram;

/**
 * Latency samples (nanoseconds) in HdrHistogram histograms, three significant digits: percentiles over about
 * the last {@code window} to {@code 2 × window} samples (the current histogram and the one before it), in fixed
 * memory. Thread-safe.
 */
public final class LatencyRecorder {
    private static final int DIGITS = 3;
    private final long window;
    private Histogram current = new Histogram(DIGITS);
    private Histogram previous = new Histogram(DIGITS);
    private long count;

    /** @param window samples per histogram before the older one is dropped */
    public LatencyRecorder(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
    }

    public synchronized void record(long nanos) {
        current.recordValue(Math.max(0, nanos));
        count++;
        if (current.getTotalCount() >= window) {
            Histogram emptied = previous;
            emptied.reset();
            previous = current;
            current = emptied;
        }
    }

    /** Samples recorded since the start or the last {@link #reset}. */
    public synchronized long count() {
        return count;
    }

    public synchronized void reset() {
        current.reset();
        previous.reset();
        count = 0;
    }

    /** The p-th percentile (0..100) of the kept samples in nanoseconds, or -1 with no samples. */
    public synchronized long percentile(double p) {
        if (current.getTotalCount() + previous.getTotalCount() == 0) {
            return -1;
        }
        Histogram both = previous.copy();
        both.add(current);
        return both.getValueAtPercentile(p);
    }
}
