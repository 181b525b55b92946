package dev.faasflow.faastore;

/**
 * A single shared link of fixed bandwidth: transfers queue behind each other, as on a real wire.
 * Pure arithmetic on a caller-supplied clock, so it is testable without sleeping.
 */
public final class SimulatedLink {
    private final double bytesPerNano;
    private long busyUntilNanos = Long.MIN_VALUE;

    public SimulatedLink(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("link bandwidth must be positive, was " + bytesPerSecond);
        }
        this.bytesPerNano = bytesPerSecond / 1e9;
    }

    /** Books a transfer of {@code bytes} starting no earlier than {@code nowNanos}; returns its completion time. */
    public synchronized long book(long bytes, long nowNanos) {
        long start = Math.max(nowNanos, busyUntilNanos);
        busyUntilNanos = start + (long) Math.ceil(bytes / bytesPerNano);
        return busyUntilNanos;
    }
}
