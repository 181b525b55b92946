package dev.faasflow.agent.testing;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.agent.Deployment;
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

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One agent on loopback HTTP, as the agent tests run it: its own Vert.x, the small function runtime, a stand-in
 * coordinator that collects the events, node memory over an in-process remote tier, and a client.
 */
public record AgentFixture(Vertx vertx, TinyRuntime runtime, EventSink coordinator, Agent agent, AgentClient client)
        implements AutoCloseable {

    /** Starts the agent with {@code config} (node {@code node-0}). */
    public static AgentFixture start(AgentConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        TinyRuntime runtime = TinyRuntime.start(vertx);
        EventSink coordinator = EventSink.start(vertx);
        FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED),
                new InProcessRemoteTier());
        Agent agent = await(Agent.start(vertx, config, store, (wf, fn) -> runtime.url()));
        return new AgentFixture(vertx, runtime, coordinator, agent,
                new AgentClient(vertx, WebClient.create(vertx), config.clusterKey()));
    }

    public static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Parses a workflow (YAML), plans it onto the one node and installs it on the agent. */
    public Workflow deploy(String name, String yaml, int maxContainers) throws Exception {
        Object tree = new YAMLMapper().readValue(yaml, Object.class);
        Workflow wf = WorkflowParser.parse(name + ".yaml", name, tree, Map.of(), maxContainers);
        Plan plan = GroupingPlanner.plan(wf, List.of(new NodeSpec("node-0", 120)), GroupingOptions.defaults());
        agent.deploy(new Deployment(wf, plan, Map.of("node-0", agent.url())));
        return wf;
    }

    /** Lets held runs answer (a test may leave one hanging), then stops everything. */
    @Override
    public void close() throws Exception {
        runtime.releaseHeld();
        runtime.close();
        coordinator.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
