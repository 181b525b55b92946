package dev.faasflow.faastore.redis;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Lets at most as many Redis operations run at once as the client has connections; the rest wait here, in
 * arrival order, instead of failing inside Redisson with "Unable to acquire connection" after a few hundred
 * milliseconds when a burst (many large puts at once) takes every connection of a live server. An operation's
 * deadline starts when it leaves the queue, so a long queue behind live transfers is not mistaken for a dead
 * store; when the store does look dead, {@link #failWaiting} ends every waiter at once with the same reason.
 */
final class OperationGate {
    private final int permits;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int inUse;

    OperationGate(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one permit is needed, got " + permits);
        }
        this.permits = permits;
    }

    /** Completes when the caller may start its operation; it must call {@link #release} once it is over. */
    CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (inUse < permits) {
                inUse++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> turn = new CompletableFuture<>();
            waiting.add(turn);
            return turn;
        }
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
                return;
            }
        }
        next.complete(null); // the permit passes straight to the next waiter, outside the lock
    }

    /** Fails every waiting operation (the store did not answer); operations already running keep their permits. */
    void failWaiting(Throwable reason) {
        List<CompletableFuture<Void>> failed;
        synchronized (this) {
            failed = List.copyOf(waiting);
            waiting.clear();
        }
        failed.forEach(f -> f.completeExceptionally(reason));
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized int running() {
        return inUse;
    }
}
