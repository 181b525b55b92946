package dev.faasflow.faastore;

import dev.faasflow.fixtures.RedisServerExtension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisKeys;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.workflow.Destination;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;

/** The store contract against a real redis-server, plus what only Redis has: TTLs and range reads. */
class RedisStoreTest extends StoreContractTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final Duration KEY_TTL = Duration.ofMinutes(30);
    private static final Duration RESULT_TTL = Duration.ofHours(5);

    @Override
    protected RemoteTier openRemote() {
        return RedisRemoteTier.connect(RedisConfig.single(REDIS.url()).withTtl(KEY_TTL, RESULT_TTL));
    }

    private RedisRemoteTier redis() {
        return (RedisRemoteTier) remote;
    }

    /** Every key Redis holds for the invocation, found by a raw SCAN rather than through the index. */
    private List<String> redisKeysOf(String invocationId) {
        String pattern = "*" + invocationId + "*";
        return redis().client().getKeys().getKeysStream(KeysScanOptions.defaults().pattern(pattern))
                .collect(Collectors.toList());
    }

    /** Nothing but the tombstone of a cleared invocation, which expires with the key TTL. */
    @Override
    protected void assertRemoteHoldsNothingOf(String invocationId) {
        String tombstone = redis().keys().endedKey(invocationId);
        assertEquals(List.of(), redisKeysOf(invocationId).stream().filter(k -> !k.equals(tombstone)).toList(),
                "keys left in Redis for " + invocationId);
        long ttl = redis().client().getBucket(tombstone, ByteArrayCodec.INSTANCE).remainTimeToLive();
        assertTrue(ttl == -2 || (ttl > 0 && ttl <= KEY_TTL.toMillis()), "tombstone ttl " + ttl);
    }

    @Test
    void aClearLeavesATombstoneThatExpiresWithTheKeys() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "x", Blob.ofUtf8("x"), Destination.DB);
        store.clear(inv);
        String tombstone = redis().keys().endedKey(inv);
        assertEquals(List.of(tombstone), redisKeysOf(inv));
        long ttl = redis().client().getBucket(tombstone, ByteArrayCodec.INSTANCE).remainTimeToLive();
        assertTrue(ttl > KEY_TTL.toMillis() - 60_000 && ttl <= KEY_TTL.toMillis(), "ttl " + ttl);
        // Another client's put (another node's store) is refused by Redis itself.
        Throwable refused = Futures.unwrap(assertThrows(Exception.class, () -> Futures.await(remote.put(inv, "y", Blob.ofUtf8("y")))));
        assertTrue(refused instanceof InvocationEndedException, String.valueOf(refused));
        assertEquals(List.of(tombstone), redisKeysOf(inv));
    }

    /**
     * Far more large puts and gets at once than the client has connections: they queue for a connection instead of
     * failing inside Redisson ("Unable to acquire connection") as they did before the operation gate.
     */
    @Test
    void aBurstLargerThanThePoolQueuesInsteadOfFailing() {
        RedisRemoteTier small = RedisRemoteTier.connect(RedisConfig.single(REDIS.url()).withPool(2, 1));
        try {
            String inv = newInvocation();
            byte[] value = new byte[512 * 1024];
            List<java.util.concurrent.CompletableFuture<Void>> puts = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                puts.add(small.put(inv, "k" + i, Blob.wrap(value)));
            }
            java.util.concurrent.CompletableFuture.allOf(puts.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
            List<java.util.concurrent.CompletableFuture<java.util.Optional<Blob>>> gets = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                gets.add(small.get(inv, "k" + i));
            }
            for (var get : gets) {
                assertEquals(value.length, get.join().orElseThrow().size());
            }
            assertEquals(200L, small.clear(inv).join());
        } finally {
            small.close();
        }
    }

    @Test
    void keyLayoutKeepsAnInvocationInOneClusterSlot() {
        RedisKeys keys = new RedisKeys("ff");
        assertEquals("ff:{i-1}:v:out", keys.valueKey("i-1", "out"));
        assertEquals("ff:{i-1}:keys", keys.indexKey("i-1"));
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "a", Blob.ofUtf8("1"), Destination.DB);
        store.put(inv, "b", Blob.ofUtf8("2"), Destination.DB_MEM);
        assertEquals(Set.of(keys.valueKey(inv, "a"), keys.valueKey(inv, "b"), keys.indexKey(inv)),
                Set.copyOf(redisKeysOf(inv)));
        store.clear(inv);
    }

    /** The TTL left on the value key of {@code key} and on the invocation's index key is in (above, atMost]. */
    private void assertTtlsWithin(long above, long atMost, String inv, String key) {
        RedisKeys keys = redis().keys();
        for (String k : List.of(keys.valueKey(inv, key), keys.indexKey(inv))) {
            long ttl = redis().client().getBucket(k, ByteArrayCodec.INSTANCE).remainTimeToLive();
            assertTrue(ttl > above && ttl <= atMost, k + " ttl " + ttl);
        }
    }

    @Test
    void everyRemoteKeyHasTheConfiguredTtl() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "x", Blob.ofUtf8("x"), Destination.DB);
        assertTtlsWithin(KEY_TTL.toMillis() - 60_000, KEY_TTL.toMillis(), inv, "x");
        store.clear(inv);
    }

    @Test
    void keptResultsGetTheResultTtl() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "result", Blob.ofUtf8("r"), Destination.DB);
        store.put(inv, "tmp", Blob.ofUtf8("t"), Destination.DB);
        store.clearIntermediate(inv, Set.of("result"));
        assertTtlsWithin(KEY_TTL.toMillis(), RESULT_TTL.toMillis(), inv, "result");
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void largeValuesAreReadInRangesWithoutLosingABit() {
        int chunk = 64 * 1024;
        RedisConfig config = RedisConfig.single(REDIS.url()).withTransfer(RedisConfig.DEFAULT_MIN_BANDWIDTH, chunk);
        try (RedisRemoteTier tier = RedisRemoteTier.connect(config)) {
            String inv = newInvocation();
            for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk, 5 * chunk + 17}) {
                byte[] bytes = randomBytes(size, size * 31L);
                Futures.await(tier.put(inv, "v" + size, Blob.wrap(bytes)));
                assertArrayEquals(bytes, Futures.await(tier.get(inv, "v" + size)).orElseThrow().sharedArray(),
                        size + " bytes");
            }
            assertTrue(Futures.await(tier.get(inv, "absent")).isEmpty());
            assertEquals(7L, Futures.await(tier.clear(inv)));
        }
    }
}
