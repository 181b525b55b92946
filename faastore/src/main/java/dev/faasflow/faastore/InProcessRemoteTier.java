package dev.faasflow.faastore;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A memory-backed stand-in for the remote tier, for the embedded mode when no Redis is given. Same
 * contract as Redis; optionally every transfer goes through a {@link SimulatedLink} so that runs show
 * the cost of remote data. Values are held by reference (a {@link Blob} is immutable).
 */
public final class InProcessRemoteTier implements RemoteTier {
    public static final String DESCRIPTION = "in-process stand-in";

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Blob>> byInvocation = new ConcurrentHashMap<>();
    /** The tombstones: invocations cleared, whose puts are refused (bounded, as Redis's expire). */
    private final EndedInvocations ended = new EndedInvocations();
    private final SimulatedLink link;
    private final ScheduledExecutorService delayer;
    private final InProcessInvocationRecords records = new InProcessInvocationRecords();

    /** No bandwidth limit: operations complete on the caller's thread. */
    public InProcessRemoteTier() {
        this.link = null;
        this.delayer = null;
    }

    /** Every transfer of value bytes is delayed as if over one link of this bandwidth. */
    public InProcessRemoteTier(long bytesPerSecond) {
        this.link = new SimulatedLink(bytesPerSecond);
        this.delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faastore-simulated-link");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<Void> put(String invocationId, String key, Blob value) {
        return afterTransfer(value.size(), () -> {
            boolean[] refused = {false};
            // The check inside compute, and the clears mark before they remove: a racing put is cleared or refused.
            byInvocation.compute(invocationId, (inv, values) -> {
                if (ended.hasEnded(inv)) {
                    refused[0] = true;
                    return values;
                }
                ConcurrentHashMap<String, Blob> target = values != null ? values : new ConcurrentHashMap<>();
                target.put(key, value);
                return target;
            });
            if (refused[0]) {
                throw new InvocationEndedException(invocationId, key, "the remote store (" + DESCRIPTION + ")");
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Optional<Blob>> get(String invocationId, String key) {
        Blob held = lookup(invocationId, key);
        // The link is charged for the bytes that come back; a miss costs nothing.
        return afterTransfer(held == null ? 0 : held.size(), () -> Optional.ofNullable(lookup(invocationId, key)));
    }

    private Blob lookup(String invocationId, String key) {
        ConcurrentHashMap<String, Blob> values = byInvocation.get(invocationId);
        return values == null ? null : values.get(key);
    }

    @Override
    public CompletableFuture<Boolean> delete(String invocationId, String key) {
        boolean[] removed = {false};
        byInvocation.computeIfPresent(invocationId, (inv, values) -> {
            removed[0] = values.remove(key) != null;
            return values.isEmpty() ? null : values;
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    @Override
    public CompletableFuture<Long> clear(String invocationId) {
        ended.end(invocationId);
        ConcurrentHashMap<String, Blob> values = byInvocation.remove(invocationId);
        return CompletableFuture.completedFuture(values == null ? 0L : (long) values.size());
    }

    @Override
    public CompletableFuture<Long> clearExcept(String invocationId, Set<String> keep) {
        ended.end(invocationId);
        long[] removed = {0};
        byInvocation.computeIfPresent(invocationId, (inv, values) -> {
            for (String key : Set.copyOf(values.keySet())) {
                if (!keep.contains(key) && values.remove(key) != null) {
                    removed[0]++;
                }
            }
            return values.isEmpty() ? null : values;
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    @Override
    public CompletableFuture<Long> valueCount(String invocationId) {
        ConcurrentHashMap<String, Blob> values = byInvocation.get(invocationId);
        return CompletableFuture.completedFuture(values == null ? 0L : (long) values.size());
    }

    @Override
    public CompletableFuture<Long> copy(String fromInvocation, String toInvocation) {
        ConcurrentHashMap<String, Blob> from = byInvocation.get(fromInvocation);
        if (from == null || from.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        Map<String, Blob> values = Map.copyOf(from);
        byInvocation.computeIfAbsent(toInvocation, inv -> new ConcurrentHashMap<>()).putAll(values);
        return CompletableFuture.completedFuture((long) values.size());
    }

    /** Values are not expired here: the coordinator clears them when it forgets the invocation. */
    @Override
    public CompletableFuture<Long> keepAll(String invocationId) {
        ConcurrentHashMap<String, Blob> values = byInvocation.get(invocationId);
        return CompletableFuture.completedFuture(values == null ? 0L : (long) values.size());
    }

    @Override
    public InProcessInvocationRecords records() {
        return records;
    }

    /** True if anything of the invocation is held (an invocation's entry goes when its last value does). */
    public boolean holdsAnythingOf(String invocationId) {
        return byInvocation.containsKey(invocationId);
    }

    /** Number of values held, over all invocations. */
    public long valueCount() {
        long count = 0;
        for (ConcurrentHashMap<String, Blob> values : byInvocation.values()) {
            count += values.size();
        }
        return count;
    }

    private <T> CompletableFuture<T> afterTransfer(long bytes, Supplier<T> action) {
        if (link == null || bytes == 0) {
            try {
                return CompletableFuture.completedFuture(action.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        long now = System.nanoTime();
        long delay = link.book(bytes, now) - now;
        CompletableFuture<T> done = new CompletableFuture<>();
        delayer.schedule(() -> {
            try {
                done.complete(action.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, delay, TimeUnit.NANOSECONDS);
        return done;
    }

    @Override
    public String describe() {
        return DESCRIPTION;
    }

    @Override
    public void close() {
        if (delayer != null) {
            delayer.shutdownNow();
        }
        byInvocation.clear();
    }
}
