package dev.faasflow.faastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faasflow.faastore.Blob;
import dev.faasflow.fixtures.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A Redis that wants a password (as the chart runs it): the URL carries it, and no message or log shows it. */
class RedisPasswordTest {
    private static final String PASSWORD = "Zq8w3rT5yU7iO9pA1sD3fG5hJ7kL9xC";

    @Test
    void theUrlsPasswordOpensARedisThatWantsOneAndNothingPrintsIt() throws Exception {
        if (RedisServerProcess.findBinary().isEmpty()) {
            fail("This test needs a real Redis: " + RedisServerProcess.missingBinaryAdvice());
        }
        int port = RedisServerProcess.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start(RedisServerProcess.findBinary().get(), port,
                List.of("--requirepass", PASSWORD))) {
            RedisConfig config = RedisConfig.parse("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port())
                    .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(2), 0, Duration.ofMillis(50));
            assertEquals(PASSWORD, config.password());
            assertEquals("redis://127.0.0.1:" + redis.port(), config.describe());
            assertFalse(config.toString().contains(PASSWORD), config.toString());
            RedisRemoteTier tier = RedisRemoteTier.connect(config);
            try {
                tier.put("inv", "k", Blob.ofUtf8("behind a password")).get(10, TimeUnit.SECONDS);
                assertEquals("behind a password", tier.get("inv", "k").get(10, TimeUnit.SECONDS).orElseThrow().toUtf8());
                assertFalse(tier.describe().contains(PASSWORD));
            } finally {
                tier.close();
            }
            for (String url : List.of("redis://127.0.0.1:" + redis.port(), "redis://:wrong@127.0.0.1:" + redis.port())) {
                RedisConfig without = RedisConfig.parse(url)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), 0, Duration.ofMillis(50));
                Exception refused = assertThrows(Exception.class, () -> {
                    RedisRemoteTier t = RedisRemoteTier.connect(without);
                    try {
                        t.put("inv", "k2", Blob.ofUtf8("x")).get(10, TimeUnit.SECONDS);
                    } finally {
                        t.close();
                    }
                }, url);
                String message = String.valueOf(refused.getMessage()) + refused.getCause();
                assertFalse(message.contains(PASSWORD), message);
            }
        }
    }

    @Test
    void aPasswordInTheUrlLeavesTheAddressAndABadOneIsNamedWithoutShowingIt() {
        RedisConfig many = RedisConfig.parse("redis://:p%40ss@a:1, redis://:p%40ss@b:2");
        assertEquals(List.of("redis://a:1", "redis://b:2"), many.addresses());
        assertEquals("p@ss", many.password());
        assertNull(RedisConfig.parse("redis://a:1").password());
        IllegalArgumentException user = assertThrows(IllegalArgumentException.class,
                () -> RedisConfig.parse("redis://alice:hidden@a:1"));
        assertTrue(user.getMessage().contains("a user name is not supported"), user.getMessage());
        assertFalse(user.getMessage().contains("hidden"), user.getMessage());
        IllegalArgumentException differ = assertThrows(IllegalArgumentException.class,
                () -> RedisConfig.parse("redis://:one@a:1,redis://:two@b:2"));
        assertTrue(differ.getMessage().contains("the same password"), differ.getMessage());
        assertFalse(differ.getMessage().contains("two"), differ.getMessage());
    }
}
