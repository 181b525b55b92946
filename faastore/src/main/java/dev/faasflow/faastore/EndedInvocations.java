package dev.faasflow.faastore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invocations that have ended on this node, so that a write arriving after the end (a function that timed
 * out and kept running, a put that was in flight when the invocation was cleared) is refused instead of staying
 * in memory for ever. Bounded: it remembers at most {@code capacity} invocations, each for at most
 * {@code retention}; the oldest are forgotten first. Lookups take no lock; marking takes a short one.
 */
public final class EndedInvocations {
    /** About 130 bytes an entry: 100,000 invocations cost some 13 MB. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** As long as the remote tier keeps an invocation's keys ({@code RedisConfig.DEFAULT_KEY_TTL}). */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

    private final int capacity;
    private final long retentionNanos;
    private final ConcurrentHashMap<String, Long> endedAt = new ConcurrentHashMap<>();
    /** Marking order, oldest first: what to forget when full or expired. Guarded by itself. */
    private final ArrayDeque<String> order = new ArrayDeque<>();

    public EndedInvocations() {
        this(DEFAULT_CAPACITY, DEFAULT_RETENTION);
    }

    public EndedInvocations(int capacity, Duration retention) {
        if (capacity < 1 || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("capacity and retention must be positive, got " + capacity + ", " + retention);
        }
        this.capacity = capacity;
        this.retentionNanos = retention.toNanos();
    }

    /** Marks the invocation ended (again: its retention starts over) and forgets what is too old or too many. */
    public void end(String invocationId) {
        long now = System.nanoTime();
        synchronized (order) {
            if (endedAt.put(invocationId, now) == null) {
                order.addLast(invocationId);
            }
            while (!order.isEmpty()) {
                String oldest = order.peekFirst();
                Long at = endedAt.get(oldest);
                boolean expired = at == null || now - at > retentionNanos;
                if (!expired && order.size() <= capacity) {
                    break;
                }
                order.pollFirst();
                endedAt.remove(oldest);
            }
        }
    }

    public boolean hasEnded(String invocationId) {
        Long at = endedAt.get(invocationId);
        return at != null && System.nanoTime() - at <= retentionNanos;
    }

    /** Invocations remembered right now. */
    public int size() {
        return endedAt.size();
    }
}
