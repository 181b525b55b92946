package dev.faasflow.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.agent.testing.AgentFixture;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.faasflow.agent.testing.AgentFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One agent with few slots on loopback HTTP: it never runs more than its slots' worth of instances, measures
 * how long each waited, and stops waiting for and scheduling invocations that ended (cleanup or deadline):
 * queued instances never start, a hung one is abandoned and its instance recycled when it returns, and the
 * next invocation of the same function is not held up by it.
 */
class AgentSlotsTest {
    /** Two start functions, both sinks: one that a test can make hang, one that then has to queue behind it. */
    private static final String TWO = """
            functions:
            - name: hold
              runtime: 0
              output: {a: {type: normal, size: 8}}
            - name: other
              runtime: 0
              output: {b: {type: normal, size: 8}}
            """;

    private AgentFixture node;

    private void start(int slots) throws Exception {
        node = AgentFixture.start(AgentConfig.embedded("node-0").withSlots(slots));
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private InvocationContext context(Workflow wf, String input, long deadline) throws Exception {
        return new InvocationContext("inv-" + UUID.randomUUID(), wf.name(), node.coordinator().url(), 1,
                (ObjectNode) Json.MAPPER.readTree(input), deadline);
    }

    /** An agent of 3 slots with TWO deployed, at most one instance per function. */
    private Workflow startWithTwo(String name) throws Exception {
        start(3);
        return node.deploy(name, TWO, 1);
    }

    /** Starts an invocation of TWO (deadline in 30 s) by triggering both its start functions. */
    private InvocationContext triggerBoth(Workflow wf, String input) throws Exception {
        InvocationContext ctx = context(wf, input, System.currentTimeMillis() + 30_000);
        trigger(ctx, "hold", "other");
        return ctx;
    }

    private void trigger(InvocationContext ctx, String... starts) throws Exception {
        for (String start : starts) {
            await(node.client().trigger(node.agent().url(), new Trigger(ctx, start, null, false, Map.of())));
        }
    }

    /** The scheduler's counters, read on the agent's event loop. */
    private SlotStats slots() throws Exception {
        CompletableFuture<SlotStats> f = new CompletableFuture<>();
        node.agent().eventLoop().runOnContext(v -> f.complete(node.agent().slots()));
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} (it may throw, as a status read can) until it holds, for at most 20 s. */
    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (!condition.call()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<RunRequest> runsOf(InvocationContext ctx) {
        return node.runtime().requests().stream().filter(r -> r.invocation().equals(ctx.id())).toList();
    }

    private JsonNode pool(String name) throws Exception {
        return await(node.client().status(node.agent().url())).path("pools").path(name);
    }

    @Test
    void aNodeRunsAtMostItsSlotsAndSaysHowLongEachInstanceWaited() throws Exception {
        start(6);
        Workflow wf = node.deploy("fan", TestWorkflows.FOREACH, 10);
        InvocationContext ctx = context(wf, "{\"width\": 8}", System.currentTimeMillis() + 30_000);
        trigger(ctx, "split");
        assertEquals(InvocationEvent.SINK, node.coordinator().await(ctx.id(), 1, 20_000).get(0).type());
        assertTrue(node.runtime().maxConcurrentRuns() <= 2, "6 slots hold two instances of scale 3: "
                + node.runtime().maxConcurrentRuns());
        List<FunctionRecord> each = await(node.client().cleanup(node.agent().url(), ctx.id())).functions().stream()
                .filter(r -> r.function().equals("each")).toList();
        assertEquals(8, each.size());
        assertEquals(6, each.stream().filter(r -> r.queuedMs() >= 40).count(),
                "all but the first two waited for a slot at least one run of 50 ms: " + each);
        SlotStats s = slots();
        assertEquals(6, s.slots());
        assertEquals(6, s.peakUsed(), "the cap was reached, never passed");
        assertEquals(0, s.used());
        assertEquals(0, s.waiting(), "the queue drained");
        assertEquals(6, s.peakWaiting());
        assertEquals(10, s.granted());
        assertTrue(s.queuedMaxMs() >= 150, "the last instance waited for three rounds: " + s);
    }

    @Test
    void anEndedInvocationsQueuedInstancesNeverStartAndItsHungOneStarvesNobody() throws Exception {
        Workflow wf = startWithTwo("hanging");
        InvocationContext over = triggerBoth(wf, "{\"hold\": [\"hold\"]}");
        waitFor("the hung run", () -> node.runtime().held() == 1);
        waitFor("the second start function to queue", () -> slots().waiting() == 1);

        CleanupReport report = await(node.client().cleanup(node.agent().url(), over.id()));
        assertTrue(report.functions().isEmpty(), "nothing of it finished: " + report.functions());
        SlotStats ended = slots();
        assertEquals(0, ended.used(), "the hung instance's slots are free at once");
        assertEquals(0, ended.waiting());
        assertEquals(1, ended.dropped());
        assertEquals(1, ended.abandoned());
        assertEquals(0, pool("hanging/hold").path("busy").asInt(), "the hung instance left its pool");
        assertEquals(1, pool("hanging/hold").path("abandoned").asInt());

        // The same functions for the next invocation, with the hung run still hanging and a cap of 1 instance.
        InvocationContext next = triggerBoth(wf, "{}");
        List<InvocationEvent> events = node.coordinator().await(next.id(), 2, 20_000);
        assertTrue(events.stream().allMatch(e -> e.type().equals(InvocationEvent.SINK)), events.toString());
        assertEquals(1, node.runtime().held(), "still hanging");
        assertEquals(List.of("hold"), runsOf(over).stream().map(RunRequest::function).toList(),
                "the ended invocation's queued function never ran");
        await(node.client().cleanup(node.agent().url(), next.id()));

        // The hung run returns late: its answer is ignored and its instance recycled.
        node.runtime().releaseHeld();
        waitFor("the late answer", () -> node.runtime().running() == 0);
        waitFor("the recycled instance", () -> pool("hanging/hold").path("abandoned").asInt() == 0);
        assertEquals(1, pool("hanging/hold").path("instances").asInt(), "one warm instance, no more than the cap");
        Thread.sleep(100);
        assertTrue(noEvents(over), "nothing is ever reported for the ended invocation");
        assertEquals(0, node.agent().activeInvocations());
        assertEquals(0, node.agent().store().stats().nodeUsedBytes(), "node memory is back to zero");
    }

    private boolean noEvents(InvocationContext ctx) {
        try {
            node.coordinator().await(ctx.id(), 1, 50);
            return false;
        } catch (AssertionError | InterruptedException none) {
            return true;
        }
    }

    @Test
    void anInvocationPastItsDeadlineStopsTakingSlotsEvenWithoutACleanup() throws Exception {
        Workflow wf = startWithTwo("late");
        // One invocation first, so the deadline below is not spent loading classes on a busy machine.
        InvocationContext warm = triggerBoth(wf, "{}");
        node.coordinator().await(warm.id(), 2, 20_000);
        await(node.client().cleanup(node.agent().url(), warm.id()));
        // It passes on the agent 3 s from now.
        long deadline = System.currentTimeMillis() + 3000 - SlotScheduler.DEADLINE_GRACE_MILLIS;
        InvocationContext ctx = context(wf, "{\"hold\": [\"hold\"]}", deadline);
        trigger(ctx, "hold", "other");
        assertEquals(1, slots().waiting(), "the second function waits for the hung one's slots");
        InvocationEvent failed = node.coordinator().await(ctx.id(), 1, 20_000).get(0);
        assertEquals(InvocationEvent.FAILED, failed.type());
        assertTrue(failed.message().contains("passed its deadline"), failed.message());
        SlotStats s = slots();
        assertEquals(0, s.used());
        assertEquals(0, s.waiting());
        assertEquals(1, s.dropped(), s + " " + failed);
        assertEquals(1, s.abandoned());
        assertEquals(3, s.granted(), "two for the first invocation, one for the hung run");
        assertEquals(List.of("hold"), runsOf(ctx).stream().map(RunRequest::function).toList());
        await(node.client().cleanup(node.agent().url(), ctx.id()));
        node.runtime().releaseHeld();
        waitFor("the late answer", () -> node.runtime().running() == 0);
        assertEquals(0, node.agent().activeInvocations());
        assertEquals(0, node.agent().store().stats().nodeUsedBytes(), "node memory is back to zero");
    }
}
