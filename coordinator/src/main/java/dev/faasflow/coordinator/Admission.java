package dev.faasflow.coordinator;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * At most {@code maxInFlight} invocations run at once; later ones wait, Pending, in arrival order, and beyond
 * {@code maxWaiting} waiting ones new invocations are refused. The queue is touched on the coordinator's event
 * loop only; the count of waiting ones is read from any thread to refuse early.
 */
final class Admission {
    private final int maxInFlight;
    private final int maxWaiting;
    private final Consumer<Running> start;
    private final ArrayDeque<Running> waiting = new ArrayDeque<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private int inFlight;

    /** @param start begins an admitted invocation (on the event loop) */
    Admission(CoordinatorConfig config, Consumer<Running> start) {
        this.maxInFlight = config.maxInFlight();
        this.maxWaiting = config.maxWaiting();
        this.start = start;
    }

    /** Counts a new invocation as waiting, or refuses it (HTTP 429) when too many already wait. Any thread. */
    void reserve() throws InvalidInvocationException {
        if (waitingCount.incrementAndGet() > maxWaiting) {
            int already = waitingCount.decrementAndGet();
            throw new InvalidInvocationException(429, already + " invocations are already waiting to start; retry later");
        }
    }

    /** Invocations reserved and not yet started. */
    int waiting() {
        return waitingCount.get();
    }

    /** Queues a reserved invocation and starts what fits. */
    void enqueue(Running r) {
        waiting.add(r);
        startWhatFits();
    }

    /** A recovered invocation that was already running: it takes its place among those in flight, whatever the limit. */
    void adopt(Running r) {
        r.begun = true;
        inFlight++;
    }

    /** A recovered invocation that had not started (or starts again): it waits again, whatever the limit. */
    void requeue(Running r) {
        waitingCount.incrementAndGet();
        enqueue(r);
    }

    /** An invocation ended: if it had started, its place goes to the next waiting one. */
    void ended(Running r) {
        if (r.begun) {
            inFlight--;
            startWhatFits();
        }
    }

    private void startWhatFits() {
        while (inFlight < maxInFlight && !waiting.isEmpty()) {
            Running next = waiting.poll();
            waitingCount.decrementAndGet();
            if (!next.ended) {
                next.begun = true;
                inFlight++;
                start.accept(next);
            }
        }
    }
}
