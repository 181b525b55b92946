package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator against real agents: completion, failure, timeout, admission and cancel. */
class CoordinatorTest {
    private TestEngine engine;

    private TestEngine engine(CoordinatorConfig config) throws Exception {
        engine = new TestEngine(config);
        return engine;
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    private static InvokeOptions options(long timeoutMillis) {
        return InvokeOptions.defaults().withTimeoutMillis(timeoutMillis);
    }

    private static InvocationResult await(InvocationHandle h) throws Exception {
        return h.result().get(30, TimeUnit.SECONDS);
    }

    /**
     * Runs the chain workflow once (a sleeps {@code aRuntime} s; {@code bExtra} adds to b's definition) and waits
     * for its end. Grouping in raw mode spreads a and b over the nodes by hash.
     */
    private InvocationResult runChain(ControlMode mode, String aRuntime, String bExtra, long timeoutMillis)
            throws Exception {
        engine(CoordinatorConfig.embedded()).deploy("chain", TestWorkflows.chain(aRuntime, bExtra), mode);
        return await(engine.coordinator.invoke("chain", null, options(timeoutMillis)));
    }

    @ParameterizedTest
    @EnumSource(ControlMode.class)
    void anInvocationSucceedsWithItsResultsAndLeavesNothingBehindButThem(ControlMode mode) throws Exception {
        InvocationResult r = runChain(mode, "0", "", 30_000);
        TestEngine e = engine;
        assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        assertEquals(TextNode.valueOf("b"), r.results().get("answer"), "the sink's output is the result");
        assertEquals(2, r.functions().size(), r.functions().toString());
        assertEquals(java.util.List.of("a", "b"), r.criticalPath());
        assertEquals(0, e.statesLeft());
        assertTrue(e.remote.holdsAnythingOf(r.id()), "the result stays until deleted");
        assertEquals(r, e.coordinator.result(r.id()));

        assertTrue(e.coordinator.delete(r.id()).get(10, TimeUnit.SECONDS));
        assertFalse(e.remote.holdsAnythingOf(r.id()));
        assertNull(e.coordinator.snapshot(r.id()));
    }

    @Test
    void aFailingFunctionEndsItFailedNamingTheFunction() throws Exception {
        InvocationResult r = runChain(ControlMode.WORKER_SP, "0", "source: fail", 30_000);
        assertEquals(InvocationPhase.FAILED, r.phase());
        assertEquals("b", r.failedFunction());
        assertTrue(r.message().contains("failed on purpose"), r.message());
        assertEquals(0, engine.statesLeft());
        assertFalse(engine.remote.holdsAnythingOf(r.id()), "a failed invocation keeps nothing");
    }

    @Test
    void aFunctionThatRunsTooLongEndsItTimedOutAndItIsClearedAnyway() throws Exception {
        InvocationResult r = runChain(ControlMode.WORKER_SP, "30", "", 300);
        assertEquals(InvocationPhase.TIMED_OUT, r.phase());
        assertEquals("invocation timed out after 300 ms", r.message());
        assertEquals(0, engine.statesLeft());
    }

    @Test
    void beyondMaxInFlightInvocationsWaitInOrderAndBeyondMaxWaitingTheyAreRefused() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded().withAdmission(1, 1));
        e.deploy("chain", TestWorkflows.chain("0.3", ""), ControlMode.WORKER_SP);
        InvocationHandle first = e.coordinator.invoke("chain", null, options(30_000));
        for (int i = 0; i < 500 && e.coordinator.phase(first.id()) != InvocationPhase.RUNNING; i++) {
            Thread.sleep(10);
        }
        InvocationHandle second = e.coordinator.invoke("chain", null, options(30_000));
        InvalidInvocationException refused = assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("chain", null, options(30_000)));
        assertEquals(429, refused.httpStatus());
        assertEquals(InvocationPhase.PENDING, e.coordinator.phase(second.id()), "waits while the first runs");

        InvocationResult one = await(first);
        InvocationResult two = await(second);
        assertEquals(InvocationPhase.SUCCEEDED, one.phase());
        assertEquals(InvocationPhase.SUCCEEDED, two.phase());
        long secondStartedMicros = two.functions().stream().mapToLong(FunctionRecord::startedAtMicros).min().orElseThrow();
        long firstEndedMicros = one.functions().stream().mapToLong(FunctionRecord::endedAtMicros).max().orElseThrow();
        assertTrue(secondStartedMicros >= firstEndedMicros, "the second ran only after the first had ended");
    }

    @Test
    void theSameSubmissionKeySentAgainGetsTheInvocationItStartedNotANewOne() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded());
        e.deploy("chain", TestWorkflows.chain("0.3", ""), ControlMode.WORKER_SP);
        InvocationHandle first = e.coordinator.invoke("chain", null, options(30_000).withRequestId("order-42"));
        InvocationHandle again = e.coordinator.invoke("chain", null, options(30_000).withRequestId("order-42"));
        assertEquals(first.id(), again.id(), "while it runs");
        assertEquals(InvocationPhase.SUCCEEDED, await(again).phase());
        InvocationHandle afterwards = e.coordinator.submit("chain", null, options(30_000).withRequestId("order-42"))
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(first.id(), afterwards.id(), "once it ended");
        assertEquals(InvocationPhase.SUCCEEDED, await(afterwards).phase());
        InvocationHandle other = e.coordinator.invoke("chain", null, options(30_000).withRequestId("order-43"));
        assertNotEquals(first.id(), other.id(), "another key, another invocation");
        await(other);
        e.coordinator.delete(first.id()).get(10, java.util.concurrent.TimeUnit.SECONDS);
        InvocationHandle deleted = e.coordinator.invoke("chain", null, options(30_000).withRequestId("order-42"));
        assertNotEquals(first.id(), deleted.id(), "once deleted, the key starts a new one");
        await(deleted);
    }

    @Test
    void anInvocationThatWaitsPastItsTimeoutSaysItNeverStarted() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded().withAdmission(1, 10));
        e.deploy("chain", TestWorkflows.chain("2", ""), ControlMode.WORKER_SP);
        InvocationHandle running = e.coordinator.invoke("chain", null, options(30_000));
        InvocationResult waited = await(e.coordinator.invoke("chain", null, options(200)));
        assertEquals(InvocationPhase.TIMED_OUT, waited.phase());
        assertTrue(waited.message().contains("never started"), waited.message());
        assertTrue(waited.functions().isEmpty());
        assertEquals(InvocationPhase.SUCCEEDED, await(running).phase());
    }

    @Test
    void deletingARunningInvocationCancelsItThenForgetsIt() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded());
        e.deploy("chain", TestWorkflows.chain("30", ""), ControlMode.WORKER_SP);
        InvocationHandle h = e.coordinator.invoke("chain", null, options(60_000));
        assertTrue(e.coordinator.delete(h.id()).get(10, TimeUnit.SECONDS));
        InvocationResult r = await(h);
        assertEquals(InvocationPhase.FAILED, r.phase());
        assertTrue(r.message().startsWith("cancelled"), r.message());
        assertNull(e.coordinator.snapshot(h.id()));
        assertEquals(0, e.statesLeft());
    }

    @Test
    void badRequestsAreRefusedAtOnce() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded());
        assertEquals(404, assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("nope", null, options(1000))).httpStatus());
        e.deploy("chain", TestWorkflows.chain("0", ""), ControlMode.WORKER_SP);
        assertEquals(400, assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("chain", null, options(0))).httpStatus());
    }

    /** The attempts of function {@code name}, in order. */
    private static java.util.List<FunctionRecord> attempts(InvocationResult r, String name) {
        return r.functions().stream().filter(f -> f.function().equals(name))
                .sorted(java.util.Comparator.comparingInt(FunctionRecord::attempt)).toList();
    }

    @Test
    void aFunctionThatFailsOnceIsRetriedOnItsNodeAndTheInvocationSucceeds() throws Exception {
        InvocationResult r = runChain(ControlMode.WORKER_SP, "0",
                "source: flaky-1\n  retry: {limit: 2, backoff_seconds: 0.05}", 30_000);
        assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        java.util.List<FunctionRecord> b = attempts(r, "b");
        assertEquals(2, b.size(), b.toString());
        assertTrue(b.get(0).error().contains("failed on purpose"), b.get(0).error());
        assertTrue(b.get(1).succeeded());
        assertEquals(2, b.get(1).attempt());
        assertEquals(1, engine.runtime.requestsFor("a").size(), "a is not run again");
        assertEquals(2, engine.runtime.requestsFor("b").size());
        assertEquals(0, engine.statesLeft());
        assertTrue(engine.coordinator.delete(r.id()).get(10, TimeUnit.SECONDS));
        assertFalse(engine.remote.holdsAnythingOf(r.id()));
    }

    @Test
    void aFunctionThatTimesOutIsRetriedAndItsLaterAttemptSucceeds() throws Exception {
        engine(CoordinatorConfig.embedded()).deploy("slow", TestWorkflows.chain("0", "20",
                "source: slow-once", "timeout_seconds: 0.5", "retry: {limit: 1}"), ControlMode.WORKER_SP);
        InvocationResult r = await(engine.coordinator.invoke("slow", null, options(30_000)));
        assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        java.util.List<FunctionRecord> b = attempts(r, "b");
        assertEquals(2, b.size(), b.toString());
        assertTrue(b.get(0).error().contains("timed out"), b.get(0).error());
        assertTrue(b.get(1).succeeded());
        assertEquals(0, engine.statesLeft());
        assertTrue(engine.coordinator.delete(r.id()).get(10, TimeUnit.SECONDS));
        assertFalse(engine.remote.holdsAnythingOf(r.id()));
    }

    @Test
    void aFunctionThatStillFailsEndsItFailedNamingTheFunctionTheAttemptsAndTheLastReason() throws Exception {
        InvocationResult r = runChain(ControlMode.WORKER_SP, "0",
                "source: fail\n  retry: {limit: 2, backoff_seconds: 0.01}", 30_000);
        assertEquals(InvocationPhase.FAILED, r.phase());
        assertEquals("b", r.failedFunction());
        assertTrue(r.message().contains("b failed after 3 attempts (retry.limit 2)"), r.message());
        assertTrue(r.message().contains("failed on purpose (run 3)"), "the last reason: " + r.message());
        assertEquals(3, attempts(r, "b").size());
        assertEquals(0, engine.statesLeft());
        assertFalse(engine.remote.holdsAnythingOf(r.id()));
    }

    @Test
    void aRetryOfAFailedInvocationRunsOnlyWhatDidNotSucceed() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded());
        e.deploy("chain", TestWorkflows.chain("0", "source: flaky-1"), ControlMode.WORKER_SP);
        InvocationResult failed = await(e.coordinator.invoke("chain", null, options(30_000).withKeepIntermediates(true)));
        assertEquals(InvocationPhase.FAILED, failed.phase());
        assertEquals("b", failed.failedFunction());
        assertTrue(e.remote.holdsAnythingOf(failed.id()), "its intermediate outputs are kept");

        InvocationResult retried = await(e.coordinator.invoke("chain", null, options(30_000).withRetryOf(failed.id())));
        assertEquals(InvocationPhase.SUCCEEDED, retried.phase(), retried.message());
        assertEquals(TextNode.valueOf("b"), retried.results().get("answer"));
        assertEquals(1, e.runtime.requestsFor("a").size(), "a succeeded the first time and is not run again");
        assertEquals(2, e.runtime.requestsFor("b").size());
        assertEquals(java.util.List.of(retried.id()), e.runtime.requestsFor("b").stream().skip(1)
                .map(rr -> rr.invocation()).toList());
        assertEquals(0, e.statesLeft());

        assertTrue(e.coordinator.delete(failed.id()).get(10, TimeUnit.SECONDS));
        assertTrue(e.coordinator.delete(retried.id()).get(10, TimeUnit.SECONDS));
        assertFalse(e.remote.holdsAnythingOf(failed.id()));
        assertFalse(e.remote.holdsAnythingOf(retried.id()));
    }

    @Test
    void aRetryOfAnUnknownARunningOrAKeptNothingInvocationIsRefusedNamingIt() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded());
        e.deploy("chain", TestWorkflows.chain("30", ""), ControlMode.WORKER_SP);
        InvalidInvocationException unknown = assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("chain", null, options(1000).withRetryOf("nope")));
        assertEquals(404, unknown.httpStatus());
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());

        InvocationHandle running = e.coordinator.invoke("chain", null, options(60_000));
        InvalidInvocationException busy = assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("chain", null, options(1000).withRetryOf(running.id())));
        assertEquals(409, busy.httpStatus());
        assertTrue(busy.getMessage().contains(running.id()) && busy.getMessage().contains("still running"),
                busy.getMessage());
        e.coordinator.cancel(running.id(), "cancelled by the test");
        InvocationResult cancelled = await(running);
        InvalidInvocationException notKept = assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("chain", null, options(1000).withRetryOf(cancelled.id())));
        assertEquals(409, notKept.httpStatus());
        assertTrue(notKept.getMessage().contains("keepIntermediates"), notKept.getMessage());
        assertEquals(0, e.statesLeft());
    }
}
