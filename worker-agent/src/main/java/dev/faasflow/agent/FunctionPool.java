package dev.faasflow.agent;

import java.util.PriorityQueue;

/**
 * The warm pool of one function on one node, the instance cache under the {@link SlotScheduler}: at most
 * {@code cap} instances ({@code max_containers}) busy at once; a run that finds no idle instance starts one (a
 * cold start) while under the cap. Instances idle longer than the eviction time are dropped. Runs whose pool is
 * full wait here, parked in the scheduler's order, without holding slots.
 *
 * <p>An instance whose invocation ended while it ran is abandoned: it leaves the pool at once (so the pool may
 * start another in its place) and is recycled, idle, when its run returns. Used only on the agent's event loop,
 * so it needs no locks.
 */
final class FunctionPool {
    private final String name;
    private final int cap;
    private final long idleEvictionMillis;
    /** Tickets waiting for an instance of this pool, best first; the scheduler moves them back when one frees. */
    final PriorityQueue<SlotScheduler.Ticket> parked = new PriorityQueue<>();
    /** Tickets of this pool in the scheduler's queue (kept by the scheduler). */
    int inQueue;
    private int instances;
    private int busy;
    private int abandoned;
    private long coldStarts;
    private long lastReleaseMillis = System.currentTimeMillis();

    FunctionPool(String name, int cap, long idleEvictionMillis) {
        this.name = name;
        this.cap = Math.max(1, cap);
        this.idleEvictionMillis = idleEvictionMillis;
    }

    String name() {
        return name;
    }

    /** Whether a run could take an instance now (an idle one, or a new one under the cap). */
    boolean hasRoom() {
        evictIfIdle();
        return busy < cap;
    }

    /**
     * Takes an instance; call only when {@link #hasRoom()}.
     *
     * @return true if it is a new instance (a cold start)
     */
    boolean take() {
        busy++;
        if (busy <= instances) {
            return false;
        }
        instances++;
        coldStarts++;
        return true;
    }

    /** A run ended normally: its instance is idle again. */
    void giveBack() {
        busy--;
        lastReleaseMillis = System.currentTimeMillis();
    }

    /** The run's invocation ended while it ran: its instance leaves the pool until it returns. */
    void abandon() {
        busy--;
        instances--;
        abandoned++;
    }

    /** An abandoned instance's run returned: it rejoins the pool idle, unless the pool is full by now. */
    void recycle() {
        abandoned--;
        if (instances < cap) {
            instances++;
        }
        lastReleaseMillis = System.currentTimeMillis();
    }

    private void evictIfIdle() {
        if (busy == 0 && instances > 0 && System.currentTimeMillis() - lastReleaseMillis > idleEvictionMillis) {
            instances = 0;
        }
    }

    int busy() {
        return busy;
    }

    int instances() {
        return instances;
    }

    /** Runs waiting for an instance of this pool. */
    int waiting() {
        return parked.size();
    }

    /** Abandoned instances still running. */
    int abandoned() {
        return abandoned;
    }

    long coldStarts() {
        return coldStarts;
    }

    int cap() {
        return cap;
    }
}
