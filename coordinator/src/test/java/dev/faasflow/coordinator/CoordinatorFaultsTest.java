package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.fixtures.RedisServerProcess;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator against a real redis-server that hangs (SIGSTOP) or dies: an invocation always ends with a
 * result, what could not be cleared is listed in it, and inputs that reach Redis late are cleared or refused.
 */
class CoordinatorFaultsTest {
    private static final String TWO_INPUTS = """
            global_input:
              x: {type: pass, value: {function: INPUT, parameter: x}, size: 8}
              y: {type: pass, value: {function: INPUT, parameter: y}, size: 8}
            functions:
            - name: a
              runtime: 0
              input: {x: {type: normal, value: {function: INPUT, parameter: x}, size: 8}}
              output: {answer: {type: normal, size: 8}}
            """;

    private RedisServerProcess redis;
    private TestEngine engine;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        RedisConfig config = RedisConfig.single(redis.url())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(100));
        engine = new TestEngine(CoordinatorConfig.embedded(), RedisRemoteTier.connect(config));
        engine.deploy("two", TWO_INPUTS, ControlMode.WORKER_SP);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
        redis.stop();
    }

    private InvocationResult invoke(long timeoutMillis) throws Exception {
        return engine.coordinator.invoke("two", new ObjectMapper().readTree("{\"x\": 1, \"y\": 2}"),
                InvokeOptions.defaults().withTimeoutMillis(timeoutMillis)).result().get(60, TimeUnit.SECONDS);
    }

    private long valuesLeftInRedis(String id) {
        return Futures.await(engine.remoteTier.valueCount(id));
    }

    /**
     * Redis hangs while the inputs are written; the invocation times out meanwhile. The puts were already on the
     * wire and run once Redis resumes, but the cleanup waits for them and its clear comes after (or the tombstone
     * refuses them): nothing is left.
     */
    @Test
    void inputsStillBeingWrittenWhenTheInvocationTimesOutAreNotLeftBehind() throws Exception {
        redis.suspend();
        Thread resume = new Thread(() -> {
            try {
                Thread.sleep(1_500);
                redis.resume();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        resume.start();
        InvocationResult r = invoke(300);
        resume.join();
        assertEquals(InvocationPhase.TIMED_OUT, r.phase(), r.message());
        assertEquals(0, valuesLeftInRedis(r.id()), "inputs left in Redis");
        assertEquals(0, engine.statesLeft());
    }

    /** Redis is gone for good: the invocation still ends, Failed, naming why, and lists what it could not clear. */
    @Test
    void aRemoteTierThatStaysDownIsListedAsACleanupError() throws Exception {
        redis.stop();
        long start = System.nanoTime();
        InvocationResult r = invoke(30_000);
        assertEquals(InvocationPhase.FAILED, r.phase());
        assertTrue(r.message().startsWith("could not store the inputs: remote store " + redis.url()), r.message());
        assertEquals(1, r.cleanupErrors().size(), r.cleanupErrors().toString());
        String error = r.cleanupErrors().get(0);
        assertTrue(error.startsWith("remote store: ") && error.contains(redis.url()) && error.contains("attempts"), error);
        assertTrue((System.nanoTime() - start) / 1e9 < 40, "bounded by the clear's retries");
        assertEquals(0, engine.statesLeft());
        assertFalse(engine.coordinator.snapshot(r.id()) == null, "the result is kept as for any invocation");
    }
}
