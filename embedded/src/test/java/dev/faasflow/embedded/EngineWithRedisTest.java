package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.fixtures.RedisServerExtension;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine with a real redis-server as the remote tier: data really crosses a socket, and nothing stays. */
class EngineWithRedisTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension(); // fails with install advice without Redis
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(7).withRedis(REDIS.url()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Keys other than the tombstones of ended invocations (they stay, refusing late writes, for the key TTL). */
    private static java.util.List<String> keysInRedis() {
        return ((RedisRemoteTier) cluster.remote()).client().getKeys().getKeysStream()
                .filter(k -> !k.endsWith(":ended")).toList();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"genome,WORKER_SP,OPTIMIZED", "genome,MASTER_SP,RAW", "video,WORKER_SP,OPTIMIZED",
            "video,WORKER_SP,RAW", "wordcount,MASTER_SP,OPTIMIZED", "illgal_recognizer,WORKER_SP,OPTIMIZED"})
    void benchmarksRunOnRedisAndLeaveNothingBehind(String benchmark, ControlMode control, DataMode data) throws Exception {
        cluster.deploy(Benchmarks.load(benchmark), GroupingOptions.of(data), control);
        String text = Benchmarks.defaultInput(benchmark);
        JsonNode input = text == null ? JSON.createObjectNode() : JSON.readTree(text);
        InvocationResult r = cluster.invoke(benchmark, input, new InvokeOptions(60_000, true, 0.001))
                .result().get(2, TimeUnit.MINUTES);
        assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        assertTrue(r.bytesRemote() > 0, "data crossed to Redis");
        if (data == DataMode.RAW) {
            assertEquals(0, r.bytesLocal());
        }
        assertTrue(cluster.coordinator().delete(r.id()).get(30, TimeUnit.SECONDS));
        assertEquals(java.util.List.of(), keysInRedis(), "keys left in Redis");
        assertEquals(0, cluster.statesLeft());
        assertEquals(0, cluster.localBytesLeft());
    }
}
