package dev.faasflow.faastore;

import dev.faasflow.workflow.DataMode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.MemoryQuota;
import dev.faasflow.workflow.Workflow;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One node's FaaStore: the local memory tier and the remote tier behind one API, with the adaptive
 * write policy of {@link WritePlan}. Values are addressed by (invocation id, key).
 *
 * <p>Writes follow the producer's planned {@link Destination}; a local write the workflow quota or the
 * node capacity refuses goes to the remote tier instead (a spill). Reads try this node's memory, then the
 * remote tier. In {@link DataMode#RAW} the local tier is never touched.
 *
 * <p>Every clear ends the invocation on this node: from then on its writes are refused in every tier with
 * {@link InvocationEndedException} (a function still running past its invocation's end cannot leave data behind),
 * and the remote tier's clear leaves a tombstone that refuses them there too.
 *
 * <p>The {@code *Async} methods never block: local operations complete on the caller's thread, remote
 * ones on the remote tier's threads (hop back to your own context if you need to). The plain methods
 * wait and are meant for functions, tools and tests.
 */
public final class FaaStore implements AutoCloseable {
    /** Workflow charged for invocations that were never {@link #bindInvocation bound} to one. */
    public static final String UNBOUND_WORKFLOW = "(unbound)";

    private final StoreConfig config;
    private final LocalTier local;
    private final RemoteTier remote;
    private final ConcurrentHashMap<String, String> workflowOfInvocation = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, InvocationCounters> invocations = new ConcurrentHashMap<>();
    private final TierCounters localCounters = new TierCounters();
    private final TierCounters remoteCounters = new TierCounters();
    private final LongAdder spills = new LongAdder();
    private final LongAdder spilledBytes = new LongAdder();
    private final LongAdder spillsOverQuota = new LongAdder();
    private final LongAdder spillsOverCapacity = new LongAdder();
    private final LongAdder lateWritesRefused = new LongAdder();

    public FaaStore(StoreConfig config, RemoteTier remote) {
        this.config = config;
        this.local = new LocalTier(new MemoryBudget(config.nodeCapacityBytes(), config.quotaOfUndefinedWorkflow()));
        this.remote = remote;
    }

    /** Embedded mode: the remote tier is the {@link InProcessRemoteTier in-process stand-in}. */
    public static FaaStore embedded(StoreConfig config) {
        return new FaaStore(config, new InProcessRemoteTier());
    }

    /** Remote tier on Redis; connects now (blocking, bounded by the connect timeout). */
    public static FaaStore withRedis(StoreConfig config, RedisConfig redis) {
        return new FaaStore(config, RedisRemoteTier.connect(redis));
    }

    // ---- workflows and quotas -------------------------------------------------------------------

    /** Sets the workflow's quota: the configured override, else {@link MemoryQuota#of}. Returns it. */
    public long defineWorkflow(Workflow workflow) {
        long quota = config.hasQuotaOverride() ? config.quotaOverrideBytes() : MemoryQuota.of(workflow);
        defineWorkflow(workflow.name(), quota);
        return quota;
    }

    public void defineWorkflow(String workflowName, long quotaBytes) {
        local.budget().setQuota(workflowName, quotaBytes);
    }

    /** Charges the invocation's local values to the workflow's quota (call before its first put). */
    public void bindInvocation(String invocationId, String workflowName) {
        workflowOfInvocation.put(Names.checkInvocation(invocationId), workflowName);
    }

    private String workflowOf(String invocationId) {
        return workflowOfInvocation.getOrDefault(invocationId, UNBOUND_WORKFLOW);
    }

    // ---- bytes ----------------------------------------------------------------------------------

    public CompletableFuture<PutReceipt> putAsync(String invocationId, String key, Blob value, Destination destination) {
        Names.checkInvocation(invocationId);
        Names.checkKey(invocationId, key);
        if (local.hasEnded(invocationId)) {
            return refuseLate(invocationId, key, "this node");
        }
        long start = System.nanoTime();
        WritePlan plan = WritePlan.of(config.dataMode(), destination);
        LocalAdmission refusal = null;
        if (plan.local()) {
            LocalAdmission admission = local.put(workflowOf(invocationId), invocationId, key, value);
            if (admission == LocalAdmission.INVOCATION_ENDED) {
                return refuseLate(invocationId, key, "this node"); // it ended while this put was on its way
            }
            if (admission.admitted()) {
                localCounters.put(value.size(), System.nanoTime() - start);
            } else {
                refusal = admission;
                plan = plan.afterLocalRefusal();
                countSpill(admission, value.size());
            }
        }
        if (!plan.local() && config.dataMode() != DataMode.RAW) {
            // An older local value under this key would shadow the new remote one on reads from this node.
            local.delete(invocationId, key);
        }
        boolean wroteLocal = plan.local();
        LocalAdmission spill = refusal;
        if (!plan.remote()) {
            return CompletableFuture.completedFuture(finishPut(invocationId, key, value.size(), true, false, null, start));
        }
        long remoteStart = System.nanoTime();
        return Futures.then(remote.put(invocationId, key, value),
                ignored -> {
                    remoteCounters.put(value.size(), System.nanoTime() - remoteStart);
                    return finishPut(invocationId, key, value.size(), wroteLocal, true, spill, start);
                },
                error -> {
                    if (error instanceof InvocationEndedException) {
                        // The remote tier's tombstone says it is over, though this node was not told (its cleanup
                        // did not arrive): end it here too, so that nothing of it stays in this node's memory.
                        lateWritesRefused.increment();
                        local.end(invocationId, Set.of());
                        forget(invocationId);
                    } else {
                        remoteCounters.failure(System.nanoTime() - remoteStart);
                    }
                });
    }

    private CompletableFuture<PutReceipt> refuseLate(String invocationId, String key, String where) {
        lateWritesRefused.increment();
        return CompletableFuture.failedFuture(new InvocationEndedException(invocationId, key, where));
    }

    private void countSpill(LocalAdmission reason, long bytes) {
        spills.increment();
        spilledBytes.add(bytes);
        (reason == LocalAdmission.OVER_WORKFLOW_QUOTA ? spillsOverQuota : spillsOverCapacity).increment();
    }

    private PutReceipt finishPut(String invocationId, String key, long bytes, boolean wroteLocal, boolean wroteRemote,
                                 LocalAdmission spill, long start) {
        long elapsed = System.nanoTime() - start;
        counters(invocationId).put(wroteLocal ? bytes : 0, wroteRemote ? bytes : 0, spill != null, elapsed);
        return new PutReceipt(invocationId, key, bytes, wroteLocal, wroteRemote, spill, elapsed);
    }

    /** The value; fails with {@link NoSuchValueException} when neither tier holds it. */
    public CompletableFuture<Blob> getAsync(String invocationId, String key) {
        Names.checkInvocation(invocationId);
        Names.checkKey(invocationId, key);
        long start = System.nanoTime();
        if (config.dataMode() != DataMode.RAW) {
            Blob held = local.get(invocationId, key);
            long localNanos = System.nanoTime() - start;
            if (held != null) {
                localCounters.hit(held.size(), localNanos);
                counters(invocationId).get(held.size(), 0, localNanos);
                return CompletableFuture.completedFuture(held);
            }
            localCounters.miss(localNanos);
        }
        long remoteStart = System.nanoTime();
        return Futures.then(remote.get(invocationId, key),
                found -> {
                    long now = System.nanoTime();
                    if (found.isEmpty()) {
                        remoteCounters.miss(now - remoteStart);
                        throw new NoSuchValueException(invocationId, key, whereReadsLook());
                    }
                    Blob value = found.get();
                    remoteCounters.hit(value.size(), now - remoteStart);
                    counters(invocationId).get(0, value.size(), now - start);
                    return value;
                },
                error -> remoteCounters.failure(System.nanoTime() - remoteStart));
    }

    private String whereReadsLook() {
        String remotePart = "the remote store " + remote.describe();
        return config.dataMode() == DataMode.RAW ? remotePart : "this node's memory and " + remotePart;
    }

    /** True if a value was removed from either tier. */
    public CompletableFuture<Boolean> deleteAsync(String invocationId, String key) {
        Names.checkInvocation(invocationId);
        Names.checkKey(invocationId, key);
        long start = System.nanoTime();
        boolean removedLocally = false;
        if (config.dataMode() != DataMode.RAW) {
            removedLocally = local.delete(invocationId, key) >= 0;
            localCounters.delete(System.nanoTime() - start);
        }
        boolean localResult = removedLocally;
        long remoteStart = System.nanoTime();
        return Futures.then(remote.delete(invocationId, key),
                removedRemotely -> {
                    remoteCounters.delete(System.nanoTime() - remoteStart);
                    return localResult || removedRemotely;
                },
                error -> remoteCounters.failure(System.nanoTime() - remoteStart));
    }

    /**
     * Ends the invocation (its writes are refused from now on), deletes everything it left on this node and in
     * the remote tier, and drops its counters (their final values are in the result).
     */
    public CompletableFuture<ClearResult> clearAsync(String invocationId) {
        Names.checkInvocation(invocationId);
        int localRemoved = local.end(invocationId, Set.of());
        return Futures.then(remote.clear(invocationId),
                remoteRemoved -> new ClearResult(invocationId, localRemoved, remoteRemoved, forget(invocationId)),
                error -> remoteCounters.failure(0));
    }

    /**
     * Ends the invocation (its writes are refused from now on) and deletes its intermediate data but keeps
     * {@code resultKeys} readable (in whichever tier holds them) until {@link #clearAsync} or the remote tier's
     * expiry. Drops the invocation's counters.
     */
    public CompletableFuture<ClearResult> clearIntermediateAsync(String invocationId, Set<String> resultKeys) {
        Names.checkInvocation(invocationId);
        Set<String> keep = Set.copyOf(resultKeys);
        int localRemoved = local.end(invocationId, keep);
        return Futures.then(remote.clearExcept(invocationId, keep),
                remoteRemoved -> new ClearResult(invocationId, localRemoved, remoteRemoved, forget(invocationId)),
                error -> remoteCounters.failure(0));
    }

    /**
     * Ends the invocation on this node (its writes are refused from now on), clears only this node's memory of it
     * (keeping {@code keepKeys}) and drops its counters: what each agent does at the end of an invocation, while
     * the coordinator clears the remote tier once.
     */
    public CompletableFuture<ClearResult> clearLocalAsync(String invocationId, Set<String> keepKeys) {
        Names.checkInvocation(invocationId);
        int localRemoved = local.end(invocationId, Set.copyOf(keepKeys));
        return CompletableFuture.completedFuture(new ClearResult(invocationId, localRemoved, 0, forget(invocationId)));
    }

    /**
     * Moves this node's memory of the invocation to the remote tier and clears it here (dropping its counters):
     * what an agent does at the end of an invocation whose intermediate outputs are kept for a retry. Completes
     * once every value is in the remote tier; a value that could not be written fails it (the rest is still
     * cleared).
     */
    public CompletableFuture<ClearResult> spillLocalAsync(String invocationId) {
        Names.checkInvocation(invocationId);
        if (config.dataMode() == DataMode.RAW) {
            return clearLocalAsync(invocationId, Set.of());
        }
        List<CompletableFuture<Void>> writes = new java.util.ArrayList<>();
        for (String key : local.keys(invocationId)) {
            Blob value = local.get(invocationId, key);
            if (value != null) {
                long start = System.nanoTime();
                writes.add(Futures.then(remote.put(invocationId, key, value),
                        ignored -> {
                            remoteCounters.put(value.size(), System.nanoTime() - start);
                            return null;
                        },
                        error -> remoteCounters.failure(System.nanoTime() - start)));
            }
        }
        CompletableFuture<ClearResult> done = new CompletableFuture<>();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
            int removed = local.clear(invocationId);
            ClearResult result = new ClearResult(invocationId, removed, 0, forget(invocationId));
            if (err != null) {
                done.completeExceptionally(Futures.unwrap(err));
            } else {
                done.complete(result);
            }
        });
        return done;
    }

    /** Copies every remote value of one invocation into another's namespace (a retry's start); the count. */
    public CompletableFuture<Long> copyAsync(String fromInvocation, String toInvocation) {
        Names.checkInvocation(fromInvocation);
        Names.checkInvocation(toInvocation);
        return remote.copy(fromInvocation, toInvocation);
    }

    /** Keeps every remote value of the invocation until the result TTL, instead of clearing it; the count. */
    public CompletableFuture<Long> keepAllAsync(String invocationId) {
        Names.checkInvocation(invocationId);
        return remote.keepAll(invocationId);
    }

    /** The coordinator's durable invocation records, in the remote tier beside the data. */
    public InvocationRecords records() {
        return remote.records();
    }

    private InvocationStats forget(String invocationId) {
        workflowOfInvocation.remove(invocationId);
        InvocationCounters dropped = invocations.remove(invocationId);
        return dropped == null ? InvocationStats.none(invocationId) : dropped.snapshot(invocationId);
    }

    // ---- JSON and lists -------------------------------------------------------------------------

    public CompletableFuture<PutReceipt> putJsonAsync(String invocationId, String key, Object value, Destination destination) {
        return putAsync(invocationId, key, StoreJson.encode(value), destination);
    }

    public CompletableFuture<JsonNode> getJsonAsync(String invocationId, String key) {
        return getAsync(invocationId, key).thenApply(blob -> StoreJson.decode(invocationId, key, blob));
    }

    public <T> CompletableFuture<T> getJsonAsync(String invocationId, String key, Class<T> type) {
        return getAsync(invocationId, key).thenApply(blob -> StoreJson.decode(invocationId, key, blob, type));
    }

    /** Stores a list (an output of type {@code keys}) as a JSON array. */
    public CompletableFuture<PutReceipt> putListAsync(String invocationId, String key, List<?> elements, Destination destination) {
        return putJsonAsync(invocationId, key, elements, destination);
    }

    public CompletableFuture<List<JsonNode>> getListAsync(String invocationId, String key) {
        return getAsync(invocationId, key)
                .thenApply(blob -> StoreJson.elements(StoreJson.decodeList(invocationId, key, blob)));
    }

    /** Element {@code index} of a stored list: what foreach instance {@code index} works on. */
    public CompletableFuture<JsonNode> getListElementAsync(String invocationId, String key, int index) {
        return getAsync(invocationId, key)
                .thenApply(blob -> StoreJson.element(invocationId, key, StoreJson.decodeList(invocationId, key, blob), index));
    }

    // ---- blocking variants ------------------------------------------------------------------------

    public PutReceipt put(String invocationId, String key, Blob value, Destination destination) {
        return Futures.await(putAsync(invocationId, key, value, destination));
    }

    public Blob get(String invocationId, String key) {
        return Futures.await(getAsync(invocationId, key));
    }

    public boolean delete(String invocationId, String key) {
        return Futures.await(deleteAsync(invocationId, key));
    }

    public ClearResult clear(String invocationId) {
        return Futures.await(clearAsync(invocationId));
    }

    public ClearResult clearIntermediate(String invocationId, Set<String> resultKeys) {
        return Futures.await(clearIntermediateAsync(invocationId, resultKeys));
    }

    public ClearResult clearLocal(String invocationId, Set<String> keepKeys) {
        return Futures.await(clearLocalAsync(invocationId, keepKeys));
    }

    public PutReceipt putJson(String invocationId, String key, Object value, Destination destination) {
        return Futures.await(putJsonAsync(invocationId, key, value, destination));
    }

    public JsonNode getJson(String invocationId, String key) {
        return Futures.await(getJsonAsync(invocationId, key));
    }

    public <T> T getJson(String invocationId, String key, Class<T> type) {
        return Futures.await(getJsonAsync(invocationId, key, type));
    }

    public PutReceipt putList(String invocationId, String key, List<?> elements, Destination destination) {
        return Futures.await(putListAsync(invocationId, key, elements, destination));
    }

    public List<JsonNode> getList(String invocationId, String key) {
        return Futures.await(getListAsync(invocationId, key));
    }

    public JsonNode getListElement(String invocationId, String key, int index) {
        return Futures.await(getListElementAsync(invocationId, key, index));
    }

    // ---- introspection ------------------------------------------------------------------------------

    /** True if this node's memory holds the value (the remote tier is not asked). */
    public boolean holdsLocally(String invocationId, String key) {
        return local.contains(invocationId, key);
    }

    public InvocationStats invocationStats(String invocationId) {
        InvocationCounters c = invocations.get(invocationId);
        return c == null ? InvocationStats.none(invocationId) : c.snapshot(invocationId);
    }

    public StoreStats stats() {
        MemoryBudget budget = local.budget();
        return new StoreStats(config.dataMode(), remote.describe(), localCounters.snapshot(), remoteCounters.snapshot(),
                spills.sum(), spilledBytes.sum(), spillsOverQuota.sum(), spillsOverCapacity.sum(),
                budget.nodeCapacityBytes(), budget.nodeUsedBytes(), budget.usageByWorkflow(), invocations.size(),
                lateWritesRefused.sum(), local.ended().size());
    }

    public StoreConfig config() {
        return config;
    }

    public DataMode dataMode() {
        return config.dataMode();
    }

    /** E.g. {@code redis://10.0.0.5:6379} or {@code in-process stand-in}. */
    public String remoteDescription() {
        return remote.describe();
    }

    LocalTier localTier() {
        return local;
    }

    RemoteTier remoteTier() {
        return remote;
    }

    private InvocationCounters counters(String invocationId) {
        InvocationCounters c = invocations.computeIfAbsent(invocationId, id -> new InvocationCounters());
        if (local.hasEnded(invocationId)) {
            // A read by a function still running after the end: count it nowhere, keep nothing of it.
            invocations.remove(invocationId, c);
        }
        return c;
    }

    /** True once the invocation has ended on this node (a clear of any kind); its writes are refused. */
    public boolean hasEnded(String invocationId) {
        return local.hasEnded(invocationId);
    }

    @Override
    public void close() {
        remote.close();
    }
}
