package dev.faasflow.faastore.redis;

import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStoreException;
import dev.faasflow.faastore.InvocationRecords;
import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.InvocationEndedException;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;

/**
 * The remote tier on Redis (one server or a cluster) through Redisson, values as raw bytes.
 *
 * <p>Every key gets the configured TTL. Every operation has a deadline that grows with the bytes it
 * moves ({@link RedisConfig#deadlineMillis}); past it the future fails with
 * {@link StoreUnavailableException} naming the address, so a dead or partitioned Redis never hangs a
 * caller. Large values are read in ranges (GETRANGE), each with its own deadline. Writes are one SET, so
 * a reader never sees half a value.
 */
public final class RedisRemoteTier implements RemoteTier {
    /**
     * A put: refused (0) once the invocation's tombstone exists; else the index first (a value that exists is always
     * listed, so a clear finds it), then the value, both with the key TTL. KEYS: index, value, tombstone; ARGV: key,
     * value, TTL in ms. One script, so a put racing a clear is either cleared by it or refused after it.
     */
    private static final String PUT_SCRIPT = """
            if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    /** Leaves the tombstone (ARGV[2] ms), deletes every value listed in the index, then the index. */
    private static final String CLEAR_SCRIPT = """
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
            local members = redis.call('SMEMBERS', KEYS[1])
            local removed = 0
            for _, k in ipairs(members) do
              removed = removed + redis.call('DEL', ARGV[1] .. k)
            end
            redis.call('DEL', KEYS[1])
            return removed
            """;

    /**
     * Leaves the tombstone (ARGV[3] ms) and deletes every indexed value not named in ARGV[4..]; the kept ones get
     * the result TTL (ARGV[2] ms).
     */
    private static final String CLEAR_EXCEPT_SCRIPT = """
            redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
            local keep = {}
            for i = 4, #ARGV do keep[ARGV[i]] = true end
            local members = redis.call('SMEMBERS', KEYS[1])
            local removed = 0
            for _, k in ipairs(members) do
              if keep[k] then
                redis.call('PEXPIRE', ARGV[1] .. k, ARGV[2])
              else
                removed = removed + redis.call('DEL', ARGV[1] .. k)
                redis.call('SREM', KEYS[1], k)
              end
            end
            if redis.call('SCARD', KEYS[1]) == 0 then
              redis.call('DEL', KEYS[1])
            else
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return removed
            """;

    /** Copies every indexed value into another invocation's namespace (COPY, server-side) and indexes it there. */
    private static final String COPY_SCRIPT = """
            local members = redis.call('SMEMBERS', KEYS[1])
            local copied = 0
            for _, k in ipairs(members) do
              if redis.call('COPY', ARGV[1] .. k, ARGV[2] .. k, 'REPLACE') == 1 then
                redis.call('PEXPIRE', ARGV[2] .. k, ARGV[3])
                redis.call('SADD', KEYS[2], k)
                copied = copied + 1
              end
            end
            if copied > 0 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
            return copied
            """;

    /** Gives every indexed value (and the index) the result TTL (ARGV[2] ms): kept for a retry. */
    private static final String KEEP_ALL_SCRIPT = """
            local members = redis.call('SMEMBERS', KEYS[1])
            for _, k in ipairs(members) do redis.call('PEXPIRE', ARGV[1] .. k, ARGV[2]) end
            if #members > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return #members
            """;

    /** Starts the second attempts of operations that got no answer in time; one daemon thread for all tiers. */
    private static final java.util.concurrent.ScheduledThreadPoolExecutor HEDGES = hedges();

    private static java.util.concurrent.ScheduledThreadPoolExecutor hedges() {
        java.util.concurrent.ScheduledThreadPoolExecutor e = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "faastore-redis-hedges");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private final RedisConfig config;
    private final RedissonClient client;
    private final CommandAsyncExecutor commands;
    private final RedisKeys keys;
    private final OperationGate gate;
    private final RedisInvocationRecords records;

    private RedisRemoteTier(RedisConfig config, RedissonClient client) {
        this.config = config;
        this.gate = new OperationGate(config.connectionPoolSize() * config.addresses().size());
        this.client = client;
        this.commands = ((Redisson) client).getCommandExecutor();
        this.keys = new RedisKeys(config.keyPrefix());
        this.records = new RedisInvocationRecords(this, client, keys, config.resultTtl());
    }

    /** Connects (blocking, bounded by the connect timeout); fails with {@link StoreUnavailableException}. */
    public static RedisRemoteTier connect(RedisConfig config) {
        try {
            return new RedisRemoteTier(config, Redisson.create(RedissonSettings.of(config)));
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(config.describe(), "remote store " + config.describe()
                    + " is unavailable: cannot connect within " + config.connectTimeout().toMillis() + " ms: "
                    + rootMessage(e), e);
        }
    }

    public RedisConfig config() {
        return config;
    }

    public RedisKeys keys() {
        return keys;
    }

    /** The Redisson client, for tools and tests that inspect Redis directly. */
    public RedissonClient client() {
        return client;
    }

    @Override
    public CompletableFuture<Void> put(String invocationId, String key, Blob value) {
        List<Object> scriptKeys = List.of(keys.indexKey(invocationId), keys.valueKey(invocationId, key),
                keys.endedKey(invocationId));
        byte[] ttl = Long.toString(config.keyTtl().toMillis()).getBytes(StandardCharsets.UTF_8);
        byte[] member = key.getBytes(StandardCharsets.UTF_8);
        return bounded(() -> client.getScript(ByteArrayCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE,
                PUT_SCRIPT, RScript.ReturnType.INTEGER, scriptKeys, member, value.sharedArray(), ttl),
                value.size(), "put of key '" + key + "' of invocation '" + invocationId + "' (" + value.size() + " bytes)")
                .thenApply(written -> {
                    if (written == null || written == 0L) {
                        throw new InvocationEndedException(invocationId, key, "the remote store " + config.describe());
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Optional<Blob>> get(String invocationId, String key) {
        String valueKey = keys.valueKey(invocationId, key);
        String what = "get of key '" + key + "' of invocation '" + invocationId + "'";
        int chunk = config.readChunkBytes();
        return readRange(valueKey, 0, chunk, what).thenCompose(first -> {
            if (first.length == 0) {
                // GETRANGE cannot tell a missing key from an empty value.
                return bounded(() -> client.getBucket(valueKey, ByteArrayCodec.INSTANCE).isExistsAsync(), 0, what)
                        .thenApply(exists -> exists ? Optional.of(Blob.EMPTY) : Optional.<Blob>empty());
            }
            if (first.length < chunk) {
                return CompletableFuture.completedFuture(Optional.of(Blob.wrap(first)));
            }
            return bounded(() -> client.getBucket(valueKey, ByteArrayCodec.INSTANCE).sizeAsync(), 0, what)
                    .thenCompose(total -> readRest(valueKey, first, total, what))
                    .thenApply(all -> Optional.of(Blob.wrap(all)));
        });
    }

    private CompletableFuture<byte[]> readRange(String valueKey, long start, int length, String what) {
        return bounded(() -> commands.<Object, byte[]>readAsync(valueKey, ByteArrayCodec.INSTANCE, RedisCommands.GETRANGE,
                valueKey, start, start + length - 1), length, what).thenApply(bytes -> bytes == null ? new byte[0] : bytes);
    }

    /** Reads the ranges after the first one by one, so each range's deadline holds on a slow link. */
    private CompletableFuture<byte[]> readRest(String valueKey, byte[] first, long total, String what) {
        if (total == first.length) {
            return CompletableFuture.completedFuture(first);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new FaaStoreException(what + ": value of " + total + " bytes is larger than one Java array");
        }
        if (total < first.length) {
            // Replaced, expired or deleted between the first range and the length: not the value that was read.
            throw new FaaStoreException(what + ": the value changed while being read (" + first.length
                    + " bytes read, now " + total + " bytes long)");
        }
        byte[] all = new byte[(int) total];
        System.arraycopy(first, 0, all, 0, first.length);
        return readInto(valueKey, all, first.length, what);
    }

    private CompletableFuture<byte[]> readInto(String valueKey, byte[] all, int offset, String what) {
        if (offset == all.length) {
            return CompletableFuture.completedFuture(all);
        }
        int length = Math.min(config.readChunkBytes(), all.length - offset);
        return readRange(valueKey, offset, length, what).thenCompose(part -> {
            if (part.length != length) {
                throw new FaaStoreException(what + ": the value changed while being read (expected " + length
                        + " bytes at offset " + offset + ", got " + part.length + ")");
            }
            System.arraycopy(part, 0, all, offset, length);
            return readInto(valueKey, all, offset + length, what);
        });
    }

    @Override
    public CompletableFuture<Boolean> delete(String invocationId, String key) {
        return bounded(() -> {
            RBatch batch = client.createBatch(batchOptions());
            batch.getBucket(keys.valueKey(invocationId, key), ByteArrayCodec.INSTANCE).deleteAsync();
            batch.getSet(keys.indexKey(invocationId), StringCodec.INSTANCE).removeAsync(key);
            return batch.executeAsync();
        }, 0, "delete of key '" + key + "' of invocation '" + invocationId + "'")
                .thenApply(result -> Long.valueOf(1).equals(result.getResponses().get(0)) || Boolean.TRUE.equals(result.getResponses().get(0)));
    }

    @Override
    public CompletableFuture<Long> clear(String invocationId) {
        return bounded(() -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE, CLEAR_SCRIPT,
                RScript.ReturnType.INTEGER, List.of(keys.indexKey(invocationId), keys.endedKey(invocationId)),
                keys.valuePrefix(invocationId), Long.toString(config.keyTtl().toMillis())), 0,
                "clear of invocation '" + invocationId + "'");
    }

    @Override
    public CompletableFuture<Long> clearExcept(String invocationId, Set<String> keep) {
        List<Object> args = new ArrayList<>(keep.size() + 3);
        args.add(keys.valuePrefix(invocationId));
        args.add(Long.toString(config.resultTtl().toMillis()));
        args.add(Long.toString(config.keyTtl().toMillis()));
        args.addAll(keep);
        return bounded(() -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE,
                CLEAR_EXCEPT_SCRIPT, RScript.ReturnType.INTEGER,
                List.of(keys.indexKey(invocationId), keys.endedKey(invocationId)), args.toArray()), 0,
                "clear of the intermediate data of invocation '" + invocationId + "'");
    }

    @Override
    public CompletableFuture<Long> valueCount(String invocationId) {
        return bounded(() -> client.getSet(keys.indexKey(invocationId), StringCodec.INSTANCE).sizeAsync(), 0,
                "count of the values of invocation '" + invocationId + "'").thenApply(Integer::longValue);
    }

    @Override
    public InvocationRecords records() {
        return records;
    }

    /**
     * On one server a script COPYs every value server-side. In a cluster the two invocations' keys live in
     * different slots, which one command cannot span: there each value is read and written again.
     */
    @Override
    public CompletableFuture<Long> copy(String fromInvocation, String toInvocation) {
        String what = "copy of the values of invocation '" + fromInvocation + "' to '" + toInvocation + "'";
        if (!config.cluster()) {
            return bounded(() -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE, COPY_SCRIPT,
                    RScript.ReturnType.INTEGER, List.of(keys.indexKey(fromInvocation), keys.indexKey(toInvocation)),
                    keys.valuePrefix(fromInvocation), keys.valuePrefix(toInvocation),
                    Long.toString(config.keyTtl().toMillis())), 0, what);
        }
        return bounded(() -> client.getSet(keys.indexKey(fromInvocation), StringCodec.INSTANCE).readAllAsync(), 0, what)
                .thenCompose(members -> {
                    CompletableFuture<Long> chain = CompletableFuture.completedFuture(0L);
                    for (Object member : members) {
                        String key = String.valueOf(member);
                        chain = chain.thenCompose(n -> get(fromInvocation, key).thenCompose(value -> value.isEmpty()
                                ? CompletableFuture.completedFuture(n)
                                : put(toInvocation, key, value.get()).thenApply(v -> n + 1)));
                    }
                    return chain;
                });
    }

    @Override
    public CompletableFuture<Long> keepAll(String invocationId) {
        return bounded(() -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE, KEEP_ALL_SCRIPT,
                RScript.ReturnType.INTEGER, List.of(keys.indexKey(invocationId)), keys.valuePrefix(invocationId),
                Long.toString(config.resultTtl().toMillis())), 0, "keeping the values of invocation '" + invocationId + "'");
    }

    BatchOptions batchOptions() {
        return BatchOptions.defaults()
                .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
                .retryAttempts(config.retryAttempts())
                .retryDelay(new org.redisson.config.ConstantDelay(config.retryInterval()));
    }

    /**
     * Runs the operation once a connection is free ({@link OperationGate}), gives it its deadline from then on,
     * and turns Redisson's failures into the store's exceptions. A store that looks dead fails the queue
     * behind it too.
     */
    <T> CompletableFuture<T> bounded(Supplier<? extends CompletionStage<T>> operation, long bytes, String what) {
        return gate.acquire().thenCompose(turn -> timed(operation, bytes, what).whenComplete((value, error) -> {
            gate.release();
            if (Futures.unwrap(error) instanceof StoreUnavailableException unavailable) {
                gate.failWaiting(unavailable);
            }
        }));
    }

    /**
     * One operation within its deadline. Redisson's own timeouts ("Unable to acquire connection", "Command still
     * hasn't been written into connection") come after a few hundred milliseconds when the JVM is short of CPU, and a
     * restarting server closes or refuses connections; the operation is then tried again (every operation here is
     * idempotent) until the deadline, which alone decides that the store is not answering. An attempt unanswered after
     * one attempt's time ({@link RedisConfig#attemptTimeoutMillis}) gets another one beside it, on another connection:
     * its reply may have been lost on a silent connection. At the deadline the attempts in flight are cancelled, so
     * that a dead server does not pile up commands.
     */
    private <T> CompletableFuture<T> timed(Supplier<? extends CompletionStage<T>> operation, long bytes, String what) {
        Attempts<T> attempts = new Attempts<>(operation, config.deadlineMillis(bytes), config.attemptTimeoutMillis(bytes), what);
        attempts.next();
        return attempts.result.orTimeout(attempts.deadline, TimeUnit.MILLISECONDS).handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof TimeoutException) {
                attempts.cancel();
                Throwable last = attempts.lastError;
                cause = new StoreUnavailableException(config.describe(), "remote store " + config.describe()
                        + " did not answer within " + attempts.deadline + " ms (" + what + ")"
                        + (last == null ? "" : "; last error: " + rootMessage(last)), cause);
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    /**
     * The attempts of one operation: the next one starts after the last one failed for a reason another may not meet,
     * or beside one that has waited an attempt's time for its reply. The first answer wins.
     */
    private final class Attempts<T> {
        final Supplier<? extends CompletionStage<T>> operation;
        final long deadline;
        final long attemptMillis;
        final String what;
        final long startNanos = System.nanoTime();
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final List<CompletableFuture<T>> inFlight = new ArrayList<>(2);
        volatile Throwable lastError;
        private int failures;

        Attempts(Supplier<? extends CompletionStage<T>> operation, long deadline, long attemptMillis, String what) {
            this.operation = operation;
            this.deadline = deadline;
            this.attemptMillis = attemptMillis;
            this.what = what;
        }

        private long leftMillis() {
            return deadline - (System.nanoTime() - startNanos) / 1_000_000;
        }

        void next() {
            if (result.isDone()) {
                return;
            }
            CompletableFuture<T> source;
            try {
                source = operation.get().toCompletableFuture();
            } catch (RuntimeException e) {
                result.completeExceptionally(translate(e, deadline, startNanos, what));
                return;
            }
            synchronized (this) {
                inFlight.add(source);
            }
            // No reply after an attempt's time: ask again beside it. Cancelled with the answer, so a fast store leaves
            // no timers behind.
            java.util.concurrent.ScheduledFuture<?> hedge = attemptMillis < leftMillis()
                    ? HEDGES.schedule(() -> {
                        if (!source.isDone()) {
                            next();
                        }
                    }, attemptMillis, TimeUnit.MILLISECONDS) : null;
            source.whenComplete((value, error) -> {
                if (hedge != null) {
                    hedge.cancel(false);
                }
                boolean othersInFlight;
                synchronized (this) {
                    inFlight.remove(source);
                    othersInFlight = !inFlight.isEmpty();
                }
                if (error == null) {
                    if (result.complete(value)) {
                        cancel();
                    }
                    return;
                }
                Throwable cause = Futures.unwrap(error);
                long left = leftMillis();
                // A timeout inside Redisson, or a connection lost or refused (Redis restarting): try again while the
                // deadline allows, unless an attempt beside this one is still waiting for its answer.
                if (isTransient(cause) && left > 0) {
                    lastError = cause;
                    if (!othersInFlight) {
                        long pause;
                        synchronized (this) {
                            pause = Math.min(left, 10L << Math.min(failures++, 6));
                        }
                        CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS).execute(this::next);
                    }
                } else if (!(cause instanceof java.util.concurrent.CancellationException) || !result.isDone()) {
                    result.completeExceptionally(translate(cause, deadline, startNanos, what));
                }
            });
        }

        void cancel() {
            List<CompletableFuture<T>> attempts;
            synchronized (this) {
                attempts = List.copyOf(inFlight);
            }
            attempts.forEach(a -> a.cancel(false));
        }
    }

    /**
     * A failure that another attempt may not meet: a timeout inside Redisson, a connection refused, lost or being
     * re-established, or a server still loading its data after a restart. Never one of the store's own refusals.
     */
    static boolean isTransient(Throwable error) {
        if (error instanceof FaaStoreException) {
            return false;
        }
        if (error instanceof RedisTimeoutException || error instanceof RedisConnectionException
                || error instanceof org.redisson.client.RedisLoadingException
                || error instanceof org.redisson.client.RedisReconnectedException
                || error instanceof org.redisson.client.RedisTryAgainException
                || error instanceof org.redisson.client.RedisRetryException) {
            return true;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /** Names what failed, how long it really took and, for Redisson's own timeouts, Redisson's reason. */
    private RuntimeException translate(Throwable error, long deadline, long startNanos, String what) {
        String address = config.describe();
        long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
        if (error instanceof FaaStoreException fse) {
            return fse;
        }
        if (error instanceof TimeoutException) {
            return new StoreUnavailableException(address, "remote store " + address + " did not answer within "
                    + deadline + " ms (" + what + ")", error);
        }
        if (error instanceof RedisTimeoutException) {
            return new StoreUnavailableException(address, "remote store " + address + " timed out after " + elapsed
                    + " ms (" + what + "): " + rootMessage(error), error);
        }
        if (error instanceof RedisConnectionException || !(error instanceof RedisException)) {
            return new StoreUnavailableException(address, "remote store " + address + " is unavailable after "
                    + elapsed + " ms (" + what + "): " + rootMessage(error), error);
        }
        return new FaaStoreException("remote store " + address + " refused the " + what + ": " + error.getMessage(), error);
    }

    /**
     * The root cause in a few words. Redisson's own messages are long and, for a closed connection,
     * misleading ("check CPU usage"); the full exception stays attached as the cause.
     */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.nio.channels.ClosedChannelException) {
            return "connection closed";
        }
        String message = root.getMessage();
        String name = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + firstLine(message);
    }

    private static String firstLine(String message) {
        int cut = message.indexOf('\n');
        String line = cut < 0 ? message : message.substring(0, cut);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
