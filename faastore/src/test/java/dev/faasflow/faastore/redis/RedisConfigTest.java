package dev.faasflow.faastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisConfigTest {
    @Test
    void deadlineGrowsWithTheBytesMoved() {
        RedisConfig c = RedisConfig.single("redis://h:1")
                .withTimeouts(Duration.ofMillis(2000), Duration.ofSeconds(1), 0, Duration.ZERO)
                .withTransfer(8L * 1024 * 1024, 4 * 1024 * 1024);
        assertEquals(2000, c.deadlineMillis(0));
        assertEquals(3000, c.deadlineMillis(8L * 1024 * 1024), "8 MiB at 8 MiB/s adds a second");
        assertEquals(2001, c.deadlineMillis(1), "any transfer adds at least a millisecond");
    }

    @Test
    void parseTellsOneServerFromACluster() {
        RedisConfig one = RedisConfig.parse("redis://10.0.0.5:6379");
        assertFalse(one.cluster());
        assertEquals("redis://10.0.0.5:6379", one.describe());
        RedisConfig many = RedisConfig.parse("redis://a:1, redis://b:2");
        assertTrue(many.cluster());
        assertEquals(List.of("redis://a:1", "redis://b:2"), many.addresses());
        assertEquals("cluster redis://a:1,redis://b:2", many.describe());
    }

    @Test
    void invalidSettingsAreRejectedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RedisConfig.single("10.0.0.5:6379"))
                .getMessage().contains("redis://host:port"));
        assertThrows(IllegalArgumentException.class,
                () -> RedisConfig.single("redis://a:1").withPool(4, 8));
        assertThrows(IllegalArgumentException.class,
                () -> RedisConfig.single("redis://a:1").withTtl(Duration.ZERO, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> RedisConfig.single("redis://a:1").withKeyPrefix("a{b"));
        assertThrows(IllegalArgumentException.class, () -> RedisConfig.cluster(List.of()));
    }

    @Test
    void anAddressNeedsAHostAndAPortInRange() {
        for (String bad : List.of("redis://", "redis://host", "redis://host:0", "redis://host:99999", "redis://:6379",
                "http://host:6379", "redis://ho st:1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisConfig.single(bad), bad);
            assertTrue(e.getMessage().startsWith("Redis address '" + bad + "'"), e.getMessage());
        }
        assertEquals("rediss://user:secret@cache.example:6380",
                RedisConfig.single("rediss://user:secret@cache.example:6380").addresses().get(0));
    }

    @Test
    void thePasswordIsNeverPrinted() {
        String text = RedisConfig.single("redis://a:1").withPassword("s3cret").toString();
        assertFalse(text.contains("s3cret"), text);
    }

    @Test
    void keysCarryTheInvocationAsHashTag() {
        RedisKeys keys = new RedisKeys("ff");
        assertEquals("ff:{inv-7}:v:a/b", keys.valueKey("inv-7", "a/b"));
        assertTrue(keys.valueKey("inv-7", "x").startsWith(keys.valuePrefix("inv-7")));
        assertEquals("ff:{inv-7}:keys", keys.indexKey("inv-7"));
    }
}
