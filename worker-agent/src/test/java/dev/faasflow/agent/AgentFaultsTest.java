package dev.faasflow.agent;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.InvocationInfo;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.agent.testing.EventSink;
import dev.faasflow.agent.testing.TinyRuntime;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One agent whose coordinator misbehaves: events it does not acknowledge are sent again, a 410 stops them, a
 * cleanup that never comes is made up for by the agent's own sweep, and a recovering coordinator can ask what the
 * agent still holds.
 */
class AgentFaultsTest {
    /** Two functions on one node: a's output stays in node memory until the invocation is cleared. */
    private static final String CHAIN = """
            functions:
            - name: a
              runtime: 0
              output: {mid: {type: normal, size: 64}}
              next: {type: pass, nodes: [b]}
            - name: b
              runtime: 0
              input: {mid: {type: normal, value: {function: a, parameter: mid}, size: 64}}
            """;
    private static final long GRACE_MILLIS = 300;

    private Vertx vertx;
    private TinyRuntime runtime;
    private EventSink coordinator;
    private Agent agent;
    private AgentClient client;
    private Workflow wf;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        runtime = TinyRuntime.start(vertx);
        coordinator = EventSink.start(vertx);
        FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), new InProcessRemoteTier());
        agent = await(Agent.start(vertx, AgentConfig.embedded("node-0").withStateGraceMillis(GRACE_MILLIS), store,
                (w, fn) -> runtime.url()));
        client = new AgentClient(vertx, WebClient.create(vertx));
        wf = WorkflowParser.parse("chain.yaml", "chain", new YAMLMapper().readValue(CHAIN, Object.class), Map.of(),
                Workflow.DEFAULT_MAX_CONTAINERS);
        agent.deploy(new Deployment(wf, GroupingPlanner.plan(wf, List.of(new NodeSpec("node-0", 120)),
                GroupingOptions.defaults()), Map.of("node-0", agent.url())));
    }

    @AfterEach
    void stop() throws Exception {
        runtime.close();
        coordinator.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private String invoke(long timeoutMillis) throws Exception {
        String id = "inv-" + UUID.randomUUID();
        InvocationContext ctx = new InvocationContext(id, wf.name(), coordinator.url(), 1, Json.MAPPER.createObjectNode(),
                System.currentTimeMillis() + timeoutMillis);
        await(client.trigger(agent.url(), new Trigger(ctx, "a", null, false, Map.of())));
        return id;
    }

    private void cleanupAndCheckNothingLeft(String id) throws Exception {
        await(client.cleanup(agent.url(), id));
        assertEquals(0, agent.activeInvocations());
        assertEquals(0, agent.store().stats().nodeUsedBytes(), "node memory left");
    }

    @Test
    void anEventTheCoordinatorDoesNotAcknowledgeIsSentAgainUntilItIs() throws Exception {
        coordinator.refuseNext(2, 503); // a coordinator restarting, then recovering
        String id = invoke(30_000);
        InvocationEvent sink = coordinator.await(id, 1, 20_000).get(0);
        assertEquals(InvocationEvent.SINK, sink.type());
        assertEquals("b", sink.function());
        assertEquals(2, coordinator.refused(), "refused twice, then acknowledged");
        cleanupAndCheckNothingLeft(id);
    }

    @Test
    void anEventOfAnInvocationTheCoordinatorSaysIsOverIsNotSentAgain() throws Exception {
        coordinator.refuseNext(1_000, 410);
        String id = invoke(30_000);
        for (int i = 0; i < 2000 && coordinator.refused() == 0; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(1_000); // several retry pauses would have passed
        assertEquals(1, coordinator.refused(), "a 410 ends the retries");
        cleanupAndCheckNothingLeft(id);
    }

    @Test
    void aRecoveringCoordinatorLearnsWhetherTheAgentStillHoldsAnInvocation() throws Exception {
        String id = invoke(30_000);
        coordinator.await(id, 1, 20_000);
        InvocationInfo held = await(client.invocation(agent.url(), id));
        assertTrue(held.held());
        assertEquals(List.of("a", "b"), held.succeeded());
        cleanupAndCheckNothingLeft(id);
        assertFalse(await(client.invocation(agent.url(), id)).held(), "after its cleanup the agent no longer holds it");
    }

    @Test
    void anInvocationWhoseCleanupNeverComesIsDroppedWithItsNodeMemoryPastItsDeadlineAndGrace() throws Exception {
        String id = invoke(500);
        coordinator.await(id, 1, 20_000);
        assertEquals(1, agent.activeInvocations());
        assertTrue(agent.store().stats().nodeUsedBytes() > 0, "a's output is in node memory");
        // No cleanup comes (lost, or the coordinator went away): the agent's sweep drops it by itself.
        for (int i = 0; i < 1000 && agent.activeInvocations() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, agent.activeInvocations(), "dropped after its deadline and grace");
        for (int i = 0; i < 500 && agent.store().stats().nodeUsedBytes() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, agent.store().stats().nodeUsedBytes(), "node memory left");
        assertEquals(1, agent.sweptInvocations());
        assertFalse(await(client.invocation(agent.url(), id)).held());
    }
}
