package dev.faasflow.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The warm pool of one function on one node: at most {@code cap} instances busy at once; a request that
 * finds no idle instance starts one (a cold start, costing {@code coldStartMillis}) while under the cap,
 * else waits. Instances idle longer than the eviction time are dropped. Used only on the agent's event
 * loop, so it needs no locks.
 */
final class FunctionPool {
    private final Vertx vertx;
    private final int cap;
    private final long coldStartMillis;
    private final long idleEvictionMillis;
    private final Deque<Promise<Boolean>> waiting = new ArrayDeque<>();
    private int instances;
    private int busy;
    private long coldStarts;
    private long lastReleaseMillis = System.currentTimeMillis();

    FunctionPool(Vertx vertx, int cap, long coldStartMillis, long idleEvictionMillis) {
        this.vertx = vertx;
        this.cap = Math.max(1, cap);
        this.coldStartMillis = coldStartMillis;
        this.idleEvictionMillis = idleEvictionMillis;
    }

    /** Completes with true if this acquisition paid a cold start. */
    Future<Boolean> acquire() {
        evictIfIdle();
        if (busy < instances) {
            busy++;
            return Future.succeededFuture(false);
        }
        if (instances < cap) {
            instances++;
            busy++;
            coldStarts++;
            if (coldStartMillis <= 0) {
                return Future.succeededFuture(true);
            }
            Promise<Boolean> started = Promise.promise();
            vertx.setTimer(coldStartMillis, t -> started.complete(true));
            return started.future();
        }
        Promise<Boolean> p = Promise.promise();
        waiting.add(p);
        return p.future();
    }

    void release() {
        lastReleaseMillis = System.currentTimeMillis();
        Promise<Boolean> next = waiting.poll();
        if (next != null) {
            next.complete(false); // the instance goes straight to the next waiter
        } else {
            busy--;
        }
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

    int waiting() {
        return waiting.size();
    }

    long coldStarts() {
        return coldStarts;
    }

    int cap() {
        return cap;
    }
}
