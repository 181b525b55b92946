package dev.faasflow.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.fixtures.RedisServerExtension;
import dev.faasflow.fixtures.SilencingProxy;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.InvocationPhase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every connection to Redis goes silent in the middle of a run, with commands on them, as after a network fault the
 * client has not seen: the replies on them are lost. The run must still succeed (the engine asks again on new
 * connections within each operation's deadline) and leave nothing behind.
 */
class SilentRedisConnectionTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    @Test
    void aRunSucceedsWhenItsRedisConnectionsGoSilentMidway() throws Exception {
        try (SilencingProxy proxy = new SilencingProxy(REDIS.server().port());
             EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(7)
                     .withRedis("redis://127.0.0.1:" + proxy.port()))) {
            cluster.deploy(Benchmarks.load("genome"), GroupingOptions.of(DataMode.OPTIMIZED), ControlMode.WORKER_SP);
            InvocationHandle h = cluster.invoke("genome", new ObjectMapper().createObjectNode(),
                    new InvokeOptions(120_000, true, 0.005));
            Thread.sleep(1_500);
            assertFalse(h.result().isDone(), "the run is still going when its connections go silent");
            assertTrue(proxy.silenceOpenConnections() > 0, "connections to silence");
            InvocationResult r = h.result().get(2, TimeUnit.MINUTES);
            assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
            assertTrue(proxy.silencedAndClosed() > 0, "the silent connections were closed and made again");
            assertTrue(cluster.coordinator().delete(r.id()).get(30, TimeUnit.SECONDS));
            List<String> left = ((RedisRemoteTier) cluster.remote()).client().getKeys().getKeysStream()
                    .filter(k -> !k.endsWith(":ended")).toList();
            assertEquals(List.of(), left, "keys left in Redis");
            assertEquals(0, cluster.statesLeft());
            assertEquals(0, cluster.localBytesLeft());
        }
    }
}
