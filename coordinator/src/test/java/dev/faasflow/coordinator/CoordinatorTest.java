package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator against real agents: completion, failure, timeout, admission and cancel. */
class CoordinatorTest {
    /** a on one node feeds b; b's output is the result. Grouping in raw mode spreads them by hash. */
    private static final String CHAIN = """
            functions:
            - name: a
              runtime: %s
              output: {mid: {type: normal, size: 8}}
              next: {type: pass, nodes: [b]}
            - name: b
              runtime: 0
              %s
              input: {mid: {type: normal, value: {function: a, parameter: mid}, size: 8}}
              output: {answer: {type: normal, size: 8}}
            """;

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

    /** Runs CHAIN once (a sleeps {@code aRuntime} s; {@code bExtra} adds to b's definition) and waits for its end. */
    private InvocationResult runChain(ControlMode mode, String aRuntime, String bExtra, long timeoutMillis)
            throws Exception {
        engine(CoordinatorConfig.embedded()).deploy("chain", CHAIN.formatted(aRuntime, bExtra), mode);
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
        e.deploy("chain", CHAIN.formatted("0.3", ""), ControlMode.WORKER_SP);
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
    void anInvocationThatWaitsPastItsTimeoutSaysItNeverStarted() throws Exception {
        TestEngine e = engine(CoordinatorConfig.embedded().withAdmission(1, 10));
        e.deploy("chain", CHAIN.formatted("2", ""), ControlMode.WORKER_SP);
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
        e.deploy("chain", CHAIN.formatted("30", ""), ControlMode.WORKER_SP);
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
        e.deploy("chain", CHAIN.formatted("0", ""), ControlMode.WORKER_SP);
        assertEquals(400, assertThrows(InvalidInvocationException.class,
                () -> e.coordinator.invoke("chain", null, options(0))).httpStatus());
    }
}
