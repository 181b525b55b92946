package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.fixtures.RedisServerProcess;
import dev.faasflow.workflow.Destination;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A Redis that dies or hangs mid-run must give callers a clear error within a bounded time. The bound
 * asserted (10 s) is a correctness limit, far above the configured 1 s operation timeout.
 */
class RedisOutageTest {
    private static final long BOUND_MILLIS = 10_000;

    private static RedisServerProcess startRedis() {
        if (RedisServerProcess.findBinary().isEmpty()) {
            fail("These tests need a real Redis: " + RedisServerProcess.missingBinaryAdvice());
        }
        try {
            return RedisServerProcess.start();
        } catch (IOException e) {
            return fail("could not start redis-server: " + e.getMessage(), e);
        }
    }

    private static RedisConfig config(String url) {
        return RedisConfig.single(url).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(100));
    }

    /** Runs the operation against a store whose Redis is then broken by {@code breakIt}. */
    private static void assertBoundedFailure(Consumer<RedisServerProcess> breakIt, String expectedMessagePart) {
        assertBoundedFailure(breakIt, expectedMessagePart, (redis, store) -> { });
    }

    private static void assertBoundedFailure(Consumer<RedisServerProcess> breakIt, String expectedMessagePart,
                                             java.util.function.BiConsumer<RedisServerProcess, FaaStore> afterwards) {
        try (RedisServerProcess redis = startRedis();
             FaaStore store = FaaStore.withRedis(StoreConfig.defaults(), config(redis.url()))) {
            store.put("inv", "before", Blob.ofUtf8("ok"), Destination.DB);
            breakIt.accept(redis);
            for (Runnable op : new Runnable[] {
                    () -> store.get("inv", "before"),
                    () -> store.put("inv", "after", Blob.wrap(new byte[1024 * 1024]), Destination.DB),
                    () -> store.clear("inv")}) {
                long start = System.nanoTime();
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class, op::run);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < BOUND_MILLIS, "failed only after " + millis + " ms");
                assertTrue(e.getMessage().contains(redis.url()), e.getMessage());
                assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
                assertTrue(e.getMessage().contains("invocation 'inv'"), e.getMessage());
            }
            // The clear that failed remotely still ended the invocation on this node: its writes are refused.
            assertThrows(InvocationEndedException.class, () -> store.put("inv", "late", Blob.ofUtf8("x"), Destination.MEM));
            // A local value of another invocation stays readable while the remote tier is down.
            store.put("inv-live", "local", Blob.ofUtf8("mem"), Destination.MEM);
            assertTrue(store.get("inv-live", "local").toUtf8().equals("mem"));
            afterwards.accept(redis, store);
        }
    }

    @Test
    void hungRedisFailsWithATimeout() {
        assertBoundedFailure(redis -> {
            try {
                redis.suspend();
            } catch (IOException e) {
                fail(e);
            }
        }, "did not answer within", (redis, store) -> {
            try {
                redis.resume();
            } catch (IOException e) {
                fail(e);
            }
            // Once Redis answers again the same store works again. A fresh invocation: commands that
            // timed out were already on the wire and may still run now (the late clear of 'inv').
            store.put("inv-2", "again", Blob.ofUtf8("again"), Destination.DB);
            assertEquals("again", store.get("inv-2", "again").toUtf8());
        });
    }

    @Test
    void stoppedRedisFailsAsUnavailable() {
        assertBoundedFailure(RedisServerProcess::stop, "remote store");
    }

    @Test
    void connectingToNothingFailsClearly() throws IOException {
        String url = "redis://127.0.0.1:" + RedisServerProcess.freePort();
        long start = System.nanoTime();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> FaaStore.withRedis(StoreConfig.defaults(), config(url)));
        assertTrue((System.nanoTime() - start) / 1_000_000 < BOUND_MILLIS);
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("cannot connect"), e.getMessage());
    }
}
