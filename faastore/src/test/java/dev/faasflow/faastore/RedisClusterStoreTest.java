package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.workflow.Destination;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/** The store contract against a real three-master Redis Cluster. */
class RedisClusterStoreTest extends StoreContractTest {
    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    @Override
    protected RemoteTier openRemote() {
        return RedisRemoteTier.connect(RedisConfig.cluster(CLUSTER.urls()));
    }

    private RedissonClient client() {
        return ((RedisRemoteTier) remote).client();
    }

    @Override
    protected void assertRemoteHoldsNothingOf(String invocationId) {
        // In cluster mode Redisson scans every master.
        // Nothing but the tombstone of a cleared invocation, which expires with the key TTL.
        String tombstone = ((RedisRemoteTier) remote).keys().endedKey(invocationId);
        List<String> left = client().getKeys().getKeysStream(KeysScanOptions.defaults().pattern("*" + invocationId + "*"))
                .filter(k -> !k.equals(tombstone)).collect(Collectors.toList());
        assertEquals(List.of(), left, "keys left in the cluster for " + invocationId);
    }

    @Test
    void eachInvocationLivesInOneSlotAndInvocationsSpreadOverTheMasters() throws Exception {
        FaaStore store = store();
        RedisRemoteTier tier = (RedisRemoteTier) remote;
        List<String> invocations = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String inv = newInvocation();
            invocations.add(inv);
            Set<Integer> invocationSlots = new HashSet<>();
            for (String key : List.of("a", "b", "c")) {
                store.put(inv, key, Blob.ofUtf8(key), Destination.DB);
                invocationSlots.add(client().getKeys().getSlot(tier.keys().valueKey(inv, key)));
            }
            invocationSlots.add(client().getKeys().getSlot(tier.keys().indexKey(inv)));
            assertEquals(1, invocationSlots.size(), "one slot per invocation");
        }
        // 40 random invocation ids over 16384 slots owned by 3 masters: every master holds some.
        for (var node : CLUSTER.nodes()) {
            assertTrue(dbSize(node.port()) > 0, "master on port " + node.port() + " holds no key");
        }
        for (String inv : invocations) {
            assertEquals(3L, store.clear(inv).remoteRemoved());
        }
        // On every master, only tombstones are left (these invocations' and those of the class's other tests).
        List<String> left = client().getKeys().getKeysStream().filter(k -> !k.endsWith("}:ended")).toList();
        assertEquals(List.of(), left, "keys left in the cluster");
        for (String inv : invocations) {
            assertRemoteHoldsNothingOf(inv);
        }
    }

    /** DBSIZE asked of one node directly, outside Redisson. */
    private static long dbSize(int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("DBSIZE\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertTrue(reply.startsWith(":"), reply);
            return Long.parseLong(reply.substring(1));
        }
    }
}
