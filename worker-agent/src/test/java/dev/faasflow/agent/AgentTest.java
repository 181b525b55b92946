package dev.faasflow.agent;

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
import dev.faasflow.faastore.Blob;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.faasflow.agent.testing.AgentFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One agent on loopback HTTP with a small function runtime and a stand-in coordinator: foreach fan-out and
 * merge, the warm pool's cap, and the skipping of the branches a switch did not take.
 */
class AgentTest {
    private static final String SWITCH = """
            global_input:
              flag: {type: normal, size: 4}
            functions:
            - name: start
              runtime: 0
              next: {type: pass, nodes: [virtual1]}
            - name: virtual1
              source: VIRTUAL
              next: {type: switch, nodes: [left, right], conditions: ["INPUT.flag", "default"]}
            - name: left
              runtime: 0
              next: {type: pass, nodes: [join]}
            - name: right
              runtime: 0
              next: {type: pass, nodes: [join]}
            - name: join
              runtime: 0
            """;

    private AgentFixture node;

    @BeforeEach
    void start() throws Exception {
        node = AgentFixture.start(AgentConfig.embedded("node-0"));
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    /** Triggers the start function and returns the invocation id. */
    private String invoke(Workflow wf, String start, ObjectNode input) throws Exception {
        String id = "inv-" + UUID.randomUUID();
        InvocationContext ctx = new InvocationContext(id, wf.name(), node.coordinator().url(), 1, input,
                System.currentTimeMillis() + 30_000);
        await(node.client().trigger(node.agent().url(), new Trigger(ctx, start, null, false, Map.of())));
        return id;
    }

    private static ObjectNode input(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private List<FunctionRecord> cleanup(String id) throws Exception {
        CleanupReport report = await(node.client().cleanup(node.agent().url(), id));
        assertEquals(0, node.agent().activeInvocations(), "the invocation's state is gone");
        return report.functions();
    }

    @Test
    void aForeachRunsOneInstancePerElementAndItsMergeReadsThemAll() throws Exception {
        Workflow wf = node.deploy("fan", TestWorkflows.FOREACH, 10);
        String id = invoke(wf, "split", input("{\"width\": 4}"));
        List<InvocationEvent> events = node.coordinator().await(id, 1, 20_000);
        assertEquals(InvocationEvent.SINK, events.get(0).type(), events.toString());
        assertEquals("join", events.get(0).function());

        List<RunRequest> each = node.runtime().requestsFor("each").stream().filter(r -> r.invocation().equals(id))
                .toList();
        assertEquals(4, each.size());
        for (RunRequest r : each) {
            assertEquals(4, r.instances());
            assertEquals("e" + r.instance(), r.element().asText(), "instance i gets element i");
        }
        RunRequest join = node.runtime().requestsFor("join").get(0);
        assertEquals(4, join.inputNamed("piece").instances(), "the merge reads the 4 instance values");

        List<FunctionRecord> records = cleanup(id);
        assertEquals(6, records.size(), records.toString());
        assertEquals(List.of(0, 1, 2, 3), records.stream().filter(r -> r.function().equals("each"))
                .map(FunctionRecord::instance).sorted().toList());
    }

    @Test
    void theWarmPoolCapsInstancesAndStartsEachOnlyOnce() throws Exception {
        Workflow wf = node.deploy("capped", TestWorkflows.FOREACH, 2);
        String id = invoke(wf, "split", input("{\"width\": 5}"));
        node.coordinator().await(id, 1, 20_000);
        assertTrue(node.runtime().maxConcurrentRuns() <= 2,
                "at most max_containers runs at once: " + node.runtime().maxConcurrentRuns());
        List<FunctionRecord> each = cleanup(id).stream().filter(r -> r.function().equals("each")).toList();
        assertEquals(5, each.size());
        assertEquals(2, each.stream().filter(FunctionRecord::coldStart).count(), "two instances started, then reused");

        String again = invoke(wf, "split", input("{\"width\": 2}"));
        node.coordinator().await(again, 1, 20_000);
        assertFalse(cleanup(again).stream().anyMatch(r -> r.function().equals("each") && r.coldStart()),
                "the next invocation finds its instances warm");
    }

    @Test
    void theBranchASwitchDidNotTakeIsSkippedAndTheJoinStillRuns() throws Exception {
        Workflow wf = node.deploy("choice", SWITCH, 10);
        for (String flag : List.of("true", "false")) {
            String id = "inv-" + UUID.randomUUID();
            // The coordinator would have stored the global input.
            await(Future.fromCompletionStage(node.agent().store().putAsync(id, "flag",
                    Blob.wrap(flag.getBytes(StandardCharsets.UTF_8)), Destination.DB)));
            InvocationContext ctx = new InvocationContext(id, wf.name(), node.coordinator().url(), 1,
                    Json.MAPPER.createObjectNode(), System.currentTimeMillis() + 30_000);
            await(node.client().trigger(node.agent().url(), new Trigger(ctx, "start", null, false, Map.of())));
            List<InvocationEvent> events = node.coordinator().await(id, 1, 20_000);
            assertEquals(new InvocationEvent(InvocationEvent.SINK, "join", "node-0", false, null), events.get(0));

            List<String> ran = node.runtime().requests().stream().filter(r -> r.invocation().equals(id))
                    .map(RunRequest::function).toList();
            String taken = flag.equals("true") ? "left" : "right";
            String skipped = flag.equals("true") ? "right" : "left";
            assertTrue(ran.contains(taken) && ran.contains("join"), ran.toString());
            assertFalse(ran.contains(skipped), skipped + " is skipped: " + ran);
            cleanup(id);
        }
    }

    @Test
    void aFailingFunctionIsReportedWithItsName() throws Exception {
        Workflow wf = node.deploy("broken",
                TestWorkflows.FOREACH.replace("  runtime: 0.05\n", "  runtime: 0\n  source: fail\n"), 10);
        String id = invoke(wf, "split", input("{\"width\": 2}"));
        InvocationEvent event = node.coordinator().await(id, 1, 20_000).get(0);
        assertEquals(InvocationEvent.FAILED, event.type());
        assertEquals("each", event.function());
        assertTrue(event.message().contains("failed on purpose"), event.message());
        cleanup(id);
    }
}
