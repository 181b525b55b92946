package dev.faasflow.coordinator;

import dev.faasflow.faastore.FaaStore;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Results of ended invocations (and what a failed one kept for a retry), kept until deleted or until they expire
 * after the result TTL (as their Redis keys and records do), so an unread invocation cannot pile up.
 */
final class FinishedInvocations {
    private final Map<String, EndedInvocation> finished = new ConcurrentHashMap<>();
    private final FaaStore store;
    private final Records records;
    private final Vertx vertx;
    private final long ttlMillis;

    FinishedInvocations(FaaStore store, Records records, Vertx vertx, long ttlMillis) {
        this.store = store;
        this.records = records;
        this.vertx = vertx;
        this.ttlMillis = Math.max(1, ttlMillis);
    }

    void add(EndedInvocation ended) {
        finished.put(ended.result().id(), ended);
        vertx.setTimer(ttlMillis, t -> forget(ended.result().id()));
    }

    /** Every result kept now. */
    java.util.List<InvocationResult> all() {
        return finished.values().stream().map(EndedInvocation::result).toList();
    }

    InvocationResult get(String id) {
        EndedInvocation e = finished.get(id);
        return e == null ? null : e.result();
    }

    EndedInvocation ended(String id) {
        return finished.get(id);
    }

    /**
     * Drops the result, its values in the remote tier and its record; false when there was none here. When the remote
     * tier cannot be cleared the result stays, so that the delete can be asked again, and the future fails with the
     * reason.
     */
    CompletableFuture<Boolean> forget(String id) {
        EndedInvocation removed = finished.remove(id);
        if (removed == null) {
            return CompletableFuture.completedFuture(false);
        }
        return drop(id).handle((r, err) -> {
            if (err != null) {
                finished.putIfAbsent(id, removed);
                throw new java.util.concurrent.CompletionException(dev.faasflow.faastore.Futures.unwrap(err));
            }
            return true;
        });
    }

    /** Clears everything of an ended invocation in the remote tier: its values and its record. */
    CompletableFuture<Void> drop(String id) {
        CompletableFuture<Void> record = records.forget(id).toCompletionStage().toCompletableFuture()
                .exceptionally(err -> null);
        return store.clearAsync(id).thenCombine(record, (a, b) -> null);
    }
}
