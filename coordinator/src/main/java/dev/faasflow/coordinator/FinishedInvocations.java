package dev.faasflow.coordinator;

import dev.faasflow.faastore.FaaStore;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results of ended invocations, kept until deleted or until they expire after the result TTL (as their Redis
 * keys do), so an unread invocation cannot pile up.
 */
final class FinishedInvocations {
    private final Map<String, InvocationResult> finished = new ConcurrentHashMap<>();
    private final FaaStore store;
    private final Vertx vertx;
    private final long ttlMillis;

    FinishedInvocations(FaaStore store, Vertx vertx, long ttlMillis) {
        this.store = store;
        this.vertx = vertx;
        this.ttlMillis = Math.max(1, ttlMillis);
    }

    void add(InvocationResult result) {
        finished.put(result.id(), result);
        vertx.setTimer(ttlMillis, t -> forget(result.id()));
    }

    InvocationResult get(String id) {
        return finished.get(id);
    }

    /**
     * Drops the result and its values in the remote tier; false when there was none. When the remote tier cannot
     * be cleared the result stays, so that the delete can be asked again, and the future fails with the reason.
     */
    CompletableFuture<Boolean> forget(String id) {
        InvocationResult removed = finished.remove(id);
        if (removed == null) {
            return CompletableFuture.completedFuture(false);
        }
        return store.clearAsync(id).handle((r, err) -> {
            if (err != null) {
                finished.putIfAbsent(id, removed);
                throw new java.util.concurrent.CompletionException(dev.faasflow.faastore.Futures.unwrap(err));
            }
            return true;
        });
    }
}
