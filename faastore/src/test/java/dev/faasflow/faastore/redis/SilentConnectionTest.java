package dev.faasflow.faastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faasflow.faastore.Blob;
import dev.faasflow.fixtures.RedisServerProcess;
import dev.faasflow.fixtures.SilencingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection that goes silent with commands on it (half-open, or reset unseen) loses their replies. Every operation
 * must still end within its deadline, answered on another connection: the silent ones are closed and re-made, busy or
 * idle.
 */
class SilentConnectionTest {
    private static final int VALUES = 40;

    @Test
    void repliesLostOnSilentConnectionsAreAskedAgainWithinTheDeadline() throws Exception {
        if (RedisServerProcess.findBinary().isEmpty()) {
            fail("This test needs a real Redis: " + RedisServerProcess.missingBinaryAdvice());
        }
        try (RedisServerProcess redis = RedisServerProcess.start(); SilencingProxy proxy = new SilencingProxy(redis.port())) {
            RedisConfig config = RedisConfig.single("redis://127.0.0.1:" + proxy.port())
                    .withPool(8, 2)
                    .withTimeouts(Duration.ofSeconds(9), Duration.ofSeconds(2), 0, Duration.ofMillis(50));
            RedisRemoteTier tier = RedisRemoteTier.connect(config);
            try {
                for (int i = 0; i < VALUES; i++) {
                    tier.put("inv", "k" + i, Blob.ofUtf8("value " + i)).get(10, TimeUnit.SECONDS);
                }
                // Reads keep every connection busy; then each of them goes silent with a command on it.
                long start = System.nanoTime();
                List<CompletableFuture<Optional<Blob>>> reads = new ArrayList<>();
                for (int round = 0; round < 10; round++) {
                    for (int i = 0; i < VALUES; i++) {
                        reads.add(tier.get("inv", "k" + i));
                    }
                    if (round == 0) {
                        assertTrue(proxy.silenceOpenConnections() > 0, "connections to silence");
                    }
                }
                for (int j = 0; j < reads.size(); j++) {
                    assertEquals("value " + (j % VALUES), reads.get(j).get(30, TimeUnit.SECONDS).orElseThrow().toUtf8());
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                long deadline = config.deadlineMillis(config.readChunkBytes());
                assertTrue(proxy.silencedAndClosed() > 0, "the silent connections were closed");
                System.out.println(reads.size() + " reads through silenced connections in " + millis + " ms (deadline "
                        + deadline + " ms each, one attempt " + config.attemptTimeoutMillis(config.readChunkBytes()) + " ms)");
            } finally {
                tier.close();
            }
        }
    }
}
