package dev.faasflow.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.agent.testing.EventSink;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.agent.testing.TinyRuntime;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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

    private Vertx vertx;
    private TinyRuntime runtime;
    private EventSink coordinator;
    private Agent agent;
    private AgentClient client;

    private void start(int slots) throws Exception {
        vertx = Vertx.vertx();
        runtime = TinyRuntime.start(vertx);
        coordinator = EventSink.start(vertx);
        FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), new InProcessRemoteTier());
        agent = await(Agent.start(vertx, AgentConfig.embedded("node-0").withSlots(slots), store, (wf, fn) -> runtime.url()));
        client = new AgentClient(vertx, WebClient.create(vertx));
    }

    @AfterEach
    void stop() throws Exception {
        if (runtime != null) {
            runtime.releaseHeld();
            runtime.close();
            coordinator.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Workflow deploy(String name, String yaml, int maxContainers) throws Exception {
        Object tree = new YAMLMapper().readValue(yaml, Object.class);
        Workflow wf = WorkflowParser.parse(name + ".yaml", name, tree, Map.of(), maxContainers);
        Plan plan = GroupingPlanner.plan(wf, List.of(new NodeSpec("node-0", 120)), GroupingOptions.defaults());
        agent.deploy(new Deployment(wf, plan, Map.of("node-0", agent.url())));
        return wf;
    }

    private InvocationContext context(Workflow wf, String input, long deadline) throws Exception {
        return new InvocationContext("inv-" + UUID.randomUUID(), wf.name(), coordinator.url(), 1,
                (ObjectNode) Json.MAPPER.readTree(input), deadline);
    }

    private void trigger(InvocationContext ctx, String... starts) throws Exception {
        for (String start : starts) {
            await(client.trigger(agent.url(), new Trigger(ctx, start, null, false, Map.of())));
        }
    }

    /** The scheduler's counters, read on the agent's event loop. */
    private SlotStats slots() throws Exception {
        CompletableFuture<SlotStats> f = new CompletableFuture<>();
        agent.eventLoop().runOnContext(v -> f.complete(agent.slots()));
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<RunRequest> runsOf(InvocationContext ctx) {
        return runtime.requests().stream().filter(r -> r.invocation().equals(ctx.id())).toList();
    }

    private JsonNode pool(String name) throws Exception {
        return await(client.status(agent.url())).path("pools").path(name);
    }

    @Test
    void aNodeRunsAtMostItsSlotsAndSaysHowLongEachInstanceWaited() throws Exception {
        start(6);
        Workflow wf = deploy("fan", TestWorkflows.FOREACH, 10);
        InvocationContext ctx = context(wf, "{\"width\": 8}", System.currentTimeMillis() + 30_000);
        trigger(ctx, "split");
        assertEquals(InvocationEvent.SINK, coordinator.await(ctx.id(), 1, 20_000).get(0).type());
        assertTrue(runtime.maxConcurrentRuns() <= 2, "6 slots hold two instances of scale 3: "
                + runtime.maxConcurrentRuns());
        List<FunctionRecord> each = await(client.cleanup(agent.url(), ctx.id())).functions().stream()
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
        start(3);
        Workflow wf = deploy("hanging", TWO, 1);
        InvocationContext over = context(wf, "{\"hold\": [\"hold\"]}", System.currentTimeMillis() + 30_000);
        trigger(over, "hold", "other");
        waitFor("the hung run", () -> runtime.held() == 1);
        waitFor("the second start function to queue", () -> {
            try {
                return slots().waiting() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        CleanupReport report = await(client.cleanup(agent.url(), over.id()));
        assertTrue(report.functions().isEmpty(), "nothing of it finished: " + report.functions());
        SlotStats ended = slots();
        assertEquals(0, ended.used(), "the hung instance's slots are free at once");
        assertEquals(0, ended.waiting());
        assertEquals(1, ended.dropped());
        assertEquals(1, ended.abandoned());
        assertEquals(0, pool("hanging/hold").path("busy").asInt(), "the hung instance left its pool");
        assertEquals(1, pool("hanging/hold").path("abandoned").asInt());

        // The same functions for the next invocation, with the hung run still hanging and a cap of 1 instance.
        InvocationContext next = context(wf, "{}", System.currentTimeMillis() + 30_000);
        trigger(next, "hold", "other");
        List<InvocationEvent> events = coordinator.await(next.id(), 2, 20_000);
        assertTrue(events.stream().allMatch(e -> e.type().equals(InvocationEvent.SINK)), events.toString());
        assertEquals(1, runtime.held(), "still hanging");
        assertEquals(List.of("hold"), runsOf(over).stream().map(RunRequest::function).toList(),
                "the ended invocation's queued function never ran");
        await(client.cleanup(agent.url(), next.id()));

        // The hung run returns late: its answer is ignored and its instance recycled.
        runtime.releaseHeld();
        waitFor("the late answer", () -> runtime.running() == 0);
        waitFor("the recycled instance", () -> {
            try {
                return pool("hanging/hold").path("abandoned").asInt() == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(1, pool("hanging/hold").path("instances").asInt(), "one warm instance, no more than the cap");
        Thread.sleep(100);
        assertTrue(noEvents(over), "nothing is ever reported for the ended invocation");
        assertEquals(0, agent.activeInvocations());
        assertEquals(0, agent.store().stats().nodeUsedBytes(), "node memory is back to zero");
    }

    private boolean noEvents(InvocationContext ctx) {
        try {
            coordinator.await(ctx.id(), 1, 50);
            return false;
        } catch (AssertionError | InterruptedException none) {
            return true;
        }
    }

    @Test
    void anInvocationPastItsDeadlineStopsTakingSlotsEvenWithoutACleanup() throws Exception {
        start(3);
        Workflow wf = deploy("late", TWO, 1);
        // One invocation first, so the deadline below is not spent loading classes on a busy machine.
        InvocationContext warm = context(wf, "{}", System.currentTimeMillis() + 30_000);
        trigger(warm, "hold", "other");
        coordinator.await(warm.id(), 2, 20_000);
        await(client.cleanup(agent.url(), warm.id()));
        // It passes on the agent 3 s from now.
        long deadline = System.currentTimeMillis() + 3000 - SlotScheduler.DEADLINE_GRACE_MILLIS;
        InvocationContext ctx = context(wf, "{\"hold\": [\"hold\"]}", deadline);
        trigger(ctx, "hold", "other");
        assertEquals(1, slots().waiting(), "the second function waits for the hung one's slots");
        InvocationEvent failed = coordinator.await(ctx.id(), 1, 20_000).get(0);
        assertEquals(InvocationEvent.FAILED, failed.type());
        assertTrue(failed.message().contains("passed its deadline"), failed.message());
        SlotStats s = slots();
        assertEquals(0, s.used());
        assertEquals(0, s.waiting());
        assertEquals(1, s.dropped(), s + " " + failed);
        assertEquals(1, s.abandoned());
        assertEquals(3, s.granted(), "two for the first invocation, one for the hung run");
        assertEquals(List.of("hold"), runsOf(ctx).stream().map(RunRequest::function).toList());
        await(client.cleanup(agent.url(), ctx.id()));
        runtime.releaseHeld();
        waitFor("the late answer", () -> runtime.running() == 0);
        assertEquals(0, agent.activeInvocations());
        assertEquals(0, agent.store().stats().nodeUsedBytes(), "node memory is back to zero");
    }
}
