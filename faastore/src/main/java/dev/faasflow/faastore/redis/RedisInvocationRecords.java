package dev.faasflow.faastore.redis;

import dev.faasflow.faastore.InvocationRecord;
import dev.faasflow.faastore.InvocationRecords;
import dev.faasflow.workflow.InvocationPhase;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Invocation records in Redis ({@link RedisKeys}): a hash {@code PREFIX:{ID}:rec} with the fields {@code phase},
 * {@code deadline}, {@code body}, {@code failure}, {@code failedFunction} and {@code result}; a set
 * {@code PREFIX:{ID}:sinks}; and the sorted set {@code PREFIX:open} of open invocations scored by deadline. The hash
 * and the set share the invocation's hash tag (one slot in a cluster), so the scripts below touch one slot.
 * Every write is one pipelined batch or one script: one round trip.
 */
final class RedisInvocationRecords implements InvocationRecords {
    /**
     * SADD the sink and give the set the hash's remaining time to live; nothing for a record that does not exist
     * (a set without it would never expire).
     */
    private static final String ADD_SINK = """
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then return 0 end
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ttl)
            return 1
            """;
    /** The first failure wins; none is written into a record that does not exist (it would never expire). */
    private static final String FAIL = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            if redis.call('HSETNX', KEYS[1], 'failure', ARGV[1]) == 0 then return 0 end
            if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'failedFunction', ARGV[2]) end
            return 1
            """;

    private final RedisRemoteTier tier;
    private final RedissonClient client;
    private final RedisKeys keys;
    /** How long an open record outlives its deadline when no coordinator finishes it. */
    private final Duration openMargin;

    RedisInvocationRecords(RedisRemoteTier tier, RedissonClient client, RedisKeys keys, Duration openMargin) {
        this.tier = tier;
        this.client = client;
        this.keys = keys;
        this.openMargin = openMargin;
    }

    @Override
    public CompletableFuture<Void> put(String id, InvocationPhase phase, long deadlineEpochMillis, String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("phase", phase.label());
        fields.put("deadline", Long.toString(deadlineEpochMillis));
        fields.put("body", body);
        Duration ttl = Duration.ofMillis(Math.max(0, deadlineEpochMillis - System.currentTimeMillis())).plus(openMargin);
        return tier.bounded(() -> {
            RBatch batch = client.createBatch(tier.batchOptions());
            batch.getMap(keys.recordKey(id), StringCodec.INSTANCE).putAllAsync(fields);
            batch.getMap(keys.recordKey(id), StringCodec.INSTANCE).expireAsync(ttl);
            batch.getSet(keys.sinksKey(id), StringCodec.INSTANCE).expireAsync(ttl);
            if (phase.isFinal()) {
                batch.getScoredSortedSet(keys.openKey(), StringCodec.INSTANCE).removeAsync(id);
            } else {
                batch.getScoredSortedSet(keys.openKey(), StringCodec.INSTANCE).addAsync(deadlineEpochMillis, id);
            }
            return batch.executeAsync();
        }, body.length(), "write of the record of invocation '" + id + "'").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Void> addSink(String id, String sink) {
        return tier.bounded(() -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE, ADD_SINK,
                        RScript.ReturnType.INTEGER, List.of(keys.recordKey(id), keys.sinksKey(id)), sink), 0,
                "record of sink '" + sink + "' of invocation '" + id + "'").thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Boolean> fail(String id, String function, String reason) {
        return tier.bounded(() -> client.getScript(StringCodec.INSTANCE).<Long>evalAsync(RScript.Mode.READ_WRITE, FAIL,
                        RScript.ReturnType.INTEGER, List.of(keys.recordKey(id)), reason == null ? "" : reason,
                        function == null ? "" : function), 0, "record of the failure of invocation '" + id + "'")
                .thenApply(won -> won != null && won == 1L);
    }

    @Override
    public CompletableFuture<Void> end(String id, InvocationPhase phase, String result, Duration keep) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("phase", phase.label());
        if (result != null) {
            fields.put("result", result);
        }
        return tier.bounded(() -> {
            RBatch batch = client.createBatch(tier.batchOptions());
            batch.getMap(keys.recordKey(id), StringCodec.INSTANCE).putAllAsync(fields);
            batch.getMap(keys.recordKey(id), StringCodec.INSTANCE).expireAsync(keep);
            batch.getSet(keys.sinksKey(id), StringCodec.INSTANCE).expireAsync(keep);
            batch.getScoredSortedSet(keys.openKey(), StringCodec.INSTANCE).removeAsync(id);
            return batch.executeAsync();
        }, result == null ? 0 : result.length(), "record of the end of invocation '" + id + "'").thenApply(r -> null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Optional<InvocationRecord>> get(String id) {
        return tier.bounded(() -> {
            RBatch batch = client.createBatch(tier.batchOptions());
            batch.getMap(keys.recordKey(id), StringCodec.INSTANCE).readAllMapAsync();
            batch.getSet(keys.sinksKey(id), StringCodec.INSTANCE).readAllAsync();
            return batch.executeAsync();
        }, 0, "read of the record of invocation '" + id + "'").thenApply((BatchResult<?> r) -> {
            Map<String, String> fields = (Map<String, String>) r.getResponses().get(0);
            Set<String> sinks = (Set<String>) r.getResponses().get(1);
            if (fields == null || fields.get("phase") == null || fields.get("body") == null) {
                return Optional.empty();
            }
            return Optional.of(new InvocationRecord(id, InvocationPhase.parse(fields.get("phase")),
                    Long.parseLong(fields.getOrDefault("deadline", "0")), fields.get("body"),
                    sinks == null ? Set.of() : sinks, fields.get("failedFunction"), fields.get("failure"),
                    fields.get("result")));
        });
    }

    @Override
    public CompletableFuture<List<String>> open() {
        return tier.bounded(() -> client.getScoredSortedSet(keys.openKey(), StringCodec.INSTANCE).<String>valueRangeAsync(0, -1),
                0, "list of open invocation records").thenApply(ids -> new ArrayList<>(ids.stream().map(String::valueOf).toList()));
    }

    @Override
    public CompletableFuture<Void> forget(String id) {
        return tier.bounded(() -> {
            RBatch batch = client.createBatch(tier.batchOptions());
            batch.getMap(keys.recordKey(id), StringCodec.INSTANCE).deleteAsync();
            batch.getSet(keys.sinksKey(id), StringCodec.INSTANCE).deleteAsync();
            batch.getScoredSortedSet(keys.openKey(), StringCodec.INSTANCE).removeAsync(id);
            return batch.executeAsync();
        }, 0, "removal of the record of invocation '" + id + "'").thenApply(r -> null);
    }
}
