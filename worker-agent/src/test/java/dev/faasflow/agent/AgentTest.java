package dev.faasflow.agent;

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
import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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

    private Vertx vertx;
    private TinyRuntime runtime;
    private EventSink coordinator;
    private Agent agent;
    private AgentClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        runtime = TinyRuntime.start(vertx);
        coordinator = EventSink.start(vertx);
        FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), new InProcessRemoteTier());
        agent = await(Agent.start(vertx, AgentConfig.embedded("node-0"), store, (wf, fn) -> runtime.url()));
        client = new AgentClient(vertx, WebClient.create(vertx));
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

    private Workflow deploy(String name, String yaml, int maxContainers) throws Exception {
        Object tree = new YAMLMapper().readValue(yaml, Object.class);
        Workflow wf = WorkflowParser.parse(name + ".yaml", name, tree, Map.of(), maxContainers);
        Plan plan = GroupingPlanner.plan(wf, List.of(new NodeSpec("node-0", 120)), GroupingOptions.defaults());
        agent.deploy(new Deployment(wf, plan, Map.of("node-0", agent.url())));
        return wf;
    }

    /** Triggers the start function and returns the invocation id. */
    private String invoke(Workflow wf, String start, ObjectNode input) throws Exception {
        String id = "inv-" + UUID.randomUUID();
        InvocationContext ctx = new InvocationContext(id, wf.name(), coordinator.url(), 1, input,
                System.currentTimeMillis() + 30_000);
        await(client.trigger(agent.url(), new Trigger(ctx, start, null, false, Map.of())));
        return id;
    }

    private static ObjectNode input(String json) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(json);
    }

    private List<FunctionRecord> cleanup(String id) throws Exception {
        CleanupReport report = await(client.cleanup(agent.url(), id));
        assertEquals(0, agent.activeInvocations(), "the invocation's state is gone");
        return report.functions();
    }

    @Test
    void aForeachRunsOneInstancePerElementAndItsMergeReadsThemAll() throws Exception {
        Workflow wf = deploy("fan", TestWorkflows.FOREACH, 10);
        String id = invoke(wf, "split", input("{\"width\": 4}"));
        List<InvocationEvent> events = coordinator.await(id, 1, 20_000);
        assertEquals(InvocationEvent.SINK, events.get(0).type(), events.toString());
        assertEquals("join", events.get(0).function());

        List<RunRequest> each = runtime.requestsFor("each").stream().filter(r -> r.invocation().equals(id)).toList();
        assertEquals(4, each.size());
        for (RunRequest r : each) {
            assertEquals(4, r.instances());
            assertEquals("e" + r.instance(), r.element().asText(), "instance i gets element i");
        }
        RunRequest join = runtime.requestsFor("join").get(0);
        assertEquals(4, join.inputNamed("piece").instances(), "the merge reads the 4 instance values");

        List<FunctionRecord> records = cleanup(id);
        assertEquals(6, records.size(), records.toString());
        assertEquals(List.of(0, 1, 2, 3), records.stream().filter(r -> r.function().equals("each"))
                .map(FunctionRecord::instance).sorted().toList());
    }

    @Test
    void theWarmPoolCapsInstancesAndStartsEachOnlyOnce() throws Exception {
        Workflow wf = deploy("capped", TestWorkflows.FOREACH, 2);
        String id = invoke(wf, "split", input("{\"width\": 5}"));
        coordinator.await(id, 1, 20_000);
        assertTrue(runtime.maxConcurrentRuns() <= 2, "at most max_containers runs at once: " + runtime.maxConcurrentRuns());
        List<FunctionRecord> each = cleanup(id).stream().filter(r -> r.function().equals("each")).toList();
        assertEquals(5, each.size());
        assertEquals(2, each.stream().filter(FunctionRecord::coldStart).count(), "two instances started, then reused");

        String again = invoke(wf, "split", input("{\"width\": 2}"));
        coordinator.await(again, 1, 20_000);
        assertFalse(cleanup(again).stream().anyMatch(r -> r.function().equals("each") && r.coldStart()),
                "the next invocation finds its instances warm");
    }

    @Test
    void theBranchASwitchDidNotTakeIsSkippedAndTheJoinStillRuns() throws Exception {
        Workflow wf = deploy("choice", SWITCH, 10);
        for (String flag : List.of("true", "false")) {
            String id = "inv-" + UUID.randomUUID();
            // The coordinator would have stored the global input.
            await(Future.fromCompletionStage(agent.store().putAsync(id, "flag",
                    Blob.wrap(flag.getBytes(StandardCharsets.UTF_8)), Destination.DB)));
            InvocationContext ctx = new InvocationContext(id, wf.name(), coordinator.url(), 1,
                    Json.MAPPER.createObjectNode(), System.currentTimeMillis() + 30_000);
            await(client.trigger(agent.url(), new Trigger(ctx, "start", null, false, Map.of())));
            List<InvocationEvent> events = coordinator.await(id, 1, 20_000);
            assertEquals(new InvocationEvent(InvocationEvent.SINK, "join", "node-0", false, null), events.get(0));

            List<String> ran = runtime.requests().stream().filter(r -> r.invocation().equals(id))
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
        Workflow wf = deploy("broken", TestWorkflows.FOREACH.replace("  runtime: 0.05\n", "  runtime: 0\n  source: fail\n"), 10);
        String id = invoke(wf, "split", input("{\"width\": 2}"));
        InvocationEvent event = coordinator.await(id, 1, 20_000).get(0);
        assertEquals(InvocationEvent.FAILED, event.type());
        assertEquals("each", event.function());
        assertTrue(event.message().contains("failed on purpose"), event.message());
        cleanup(id);
    }
}
