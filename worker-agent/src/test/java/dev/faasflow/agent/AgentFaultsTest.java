package dev.faasflow.agent;

import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.InvocationInfo;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.agent.testing.AgentFixture;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.faasflow.agent.testing.AgentFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One agent whose coordinator misbehaves: events it does not acknowledge are sent again, a 410 stops them, a
 * cleanup that never comes is made up for by the agent's own sweep, and a recovering coordinator can ask what the
 * agent still holds.
 */
class AgentFaultsTest {
    private static final long GRACE_MILLIS = 300;

    private AgentFixture node;
    private Workflow wf;

    @BeforeEach
    void start() throws Exception {
        node = AgentFixture.start(AgentConfig.embedded("node-0").withStateGraceMillis(GRACE_MILLIS));
        // a's output stays in node memory until the invocation is cleared
        wf = node.deploy("chain", TestWorkflows.chain("0", ""), Workflow.DEFAULT_MAX_CONTAINERS);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private String invoke(long timeoutMillis) throws Exception {
        String id = "inv-" + UUID.randomUUID();
        InvocationContext ctx = new InvocationContext(id, wf.name(), node.coordinator().url(), 1,
                Json.MAPPER.createObjectNode(),
                System.currentTimeMillis() + timeoutMillis);
        await(node.client().trigger(node.agent().url(), new Trigger(ctx, "a", null, false, Map.of())));
        return id;
    }

    private void cleanupAndCheckNothingLeft(String id) throws Exception {
        await(node.client().cleanup(node.agent().url(), id));
        assertEquals(0, node.agent().activeInvocations());
        assertEquals(0, node.agent().store().stats().nodeUsedBytes(), "node memory left");
    }

    @Test
    void anEventTheCoordinatorDoesNotAcknowledgeIsSentAgainUntilItIs() throws Exception {
        node.coordinator().refuseNext(2, 503); // a coordinator restarting, then recovering
        String id = invoke(30_000);
        InvocationEvent sink = node.coordinator().await(id, 1, 20_000).get(0);
        assertEquals(InvocationEvent.SINK, sink.type());
        assertEquals("b", sink.function());
        assertEquals(2, node.coordinator().refused(), "refused twice, then acknowledged");
        cleanupAndCheckNothingLeft(id);
    }

    @Test
    void anEventOfAnInvocationTheCoordinatorSaysIsOverIsNotSentAgain() throws Exception {
        node.coordinator().refuseNext(1_000, 410);
        String id = invoke(30_000);
        for (int i = 0; i < 2000 && node.coordinator().refused() == 0; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(1_000); // several retry pauses would have passed
        assertEquals(1, node.coordinator().refused(), "a 410 ends the retries");
        cleanupAndCheckNothingLeft(id);
    }

    @Test
    void aRecoveringCoordinatorLearnsWhetherTheAgentStillHoldsAnInvocation() throws Exception {
        String id = invoke(30_000);
        node.coordinator().await(id, 1, 20_000);
        InvocationInfo held = await(node.client().invocation(node.agent().url(), id));
        assertTrue(held.held());
        assertEquals(List.of("a", "b"), held.succeeded());
        cleanupAndCheckNothingLeft(id);
        assertFalse(await(node.client().invocation(node.agent().url(), id)).held(),
                "after its cleanup the agent no longer holds it");
    }

    @Test
    void anInvocationWhoseCleanupNeverComesIsDroppedWithItsNodeMemoryPastItsDeadlineAndGrace() throws Exception {
        String id = invoke(500);
        node.coordinator().await(id, 1, 20_000);
        assertEquals(1, node.agent().activeInvocations());
        assertTrue(node.agent().store().stats().nodeUsedBytes() > 0, "a's output is in node memory");
        // No cleanup comes (lost, or the coordinator went away): the agent's sweep drops it by itself.
        for (int i = 0; i < 1000 && node.agent().activeInvocations() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, node.agent().activeInvocations(), "dropped after its deadline and grace");
        for (int i = 0; i < 500 && node.agent().store().stats().nodeUsedBytes() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, node.agent().store().stats().nodeUsedBytes(), "node memory left");
        assertEquals(1, node.agent().sweptInvocations());
        assertFalse(await(node.client().invocation(node.agent().url(), id)).held());
    }
}
