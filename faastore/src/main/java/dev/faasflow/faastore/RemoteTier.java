package dev.faasflow.faastore;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The shared tier every node can read: Redis in production, an in-process stand-in in embedded mode.
 *
 * <p>Every method is asynchronous and must not block the calling thread (the agent calls it from a
 * Vert.x event loop). Futures complete on the implementation's own threads: callers that need their
 * own context must hop back to it. Failures to reach the store complete the future with
 * {@link StoreUnavailableException}, within a bounded time.
 *
 * <p>A clear ends the invocation in this tier: it leaves a tombstone (expiring with the invocation's keys) and
 * every later put of the invocation fails with {@link InvocationEndedException}. The check and the write are one
 * atomic step, so a put racing the clear is either cleared or refused, never left behind.
 */
public interface RemoteTier extends AutoCloseable {
    /** Stores the value, unless the invocation was cleared before: then fails with {@link InvocationEndedException}. */
    CompletableFuture<Void> put(String invocationId, String key, Blob value);

    /** The value, or empty when the store does not hold it. */
    CompletableFuture<Optional<Blob>> get(String invocationId, String key);

    /** True if a value was removed. */
    CompletableFuture<Boolean> delete(String invocationId, String key);

    /**
     * Ends the invocation here and removes every value of it and its index (only the tombstone stays); completes
     * with the count removed.
     */
    CompletableFuture<Long> clear(String invocationId);

    /**
     * Ends the invocation here and removes every value of it except those under {@code keep}, which stay readable
     * (the workflow's results); completes with the count removed.
     */
    CompletableFuture<Long> clearExcept(String invocationId, Set<String> keep);

    /** How many values the tier holds for the invocation: what a report of data left behind counts. */
    CompletableFuture<Long> valueCount(String invocationId);
    /**
     * Copies every value of {@code fromInvocation} into {@code toInvocation}'s namespace (server-side where the
     * store can), so a retry starts from the outputs a failed invocation kept; completes with the count copied.
     */
    CompletableFuture<Long> copy(String fromInvocation, String toInvocation);

    /** Keeps every value of the invocation until the result TTL (instead of clearing it); the count kept. */
    CompletableFuture<Long> keepAll(String invocationId);

    /** The coordinator's invocation records, kept in this tier beside the data. */
    InvocationRecords records();

    /** Human-readable identity for messages and status, e.g. {@code redis://10.0.0.5:6379}. */
    String describe();

    @Override
    void close();
}
