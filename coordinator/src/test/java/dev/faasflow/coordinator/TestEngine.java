package dev.faasflow.coordinator;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.agent.testing.TinyRuntime;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A coordinator with two real agents and the tests' small function runtime, all on loopback HTTP. */
final class TestEngine implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    /** The in-process stand-in, or null when the engine runs on another remote tier. */
    final InProcessRemoteTier remote;
    final RemoteTier remoteTier;
    final TinyRuntime runtime;
    final List<Agent> agents = new ArrayList<>();
    final Map<String, String> agentUrls = new LinkedHashMap<>();
    final Coordinator coordinator;

    TestEngine(CoordinatorConfig config) throws Exception {
        this(config, new InProcessRemoteTier());
    }

    /** On {@code remoteTier} (closed with the engine). */
    TestEngine(CoordinatorConfig config, RemoteTier remoteTier) throws Exception {
        this.remoteTier = remoteTier;
        this.remote = remoteTier instanceof InProcessRemoteTier inProcess ? inProcess : null;
        RemoteTier remote = remoteTier;
        runtime = TinyRuntime.start(vertx);
        agents.addAll(startAgents(vertx, remote, runtime));
        agents.forEach(agent -> agentUrls.put(agent.node(), agent.url()));
        coordinator = await(Coordinator.start(vertx, config.withProbeWorkers(false),
                new FaaStore(StoreConfig.defaults().withDataMode(DataMode.RAW), remote)));
        coordinator.recover().get(30, TimeUnit.SECONDS);
    }

    /** Agents node-0 and node-1 on {@code vertx}, their node memory over {@code remote}, running on {@code runtime}. */
    static List<Agent> startAgents(Vertx vertx, RemoteTier remote, TinyRuntime runtime) throws Exception {
        List<Agent> started = new ArrayList<>();
        for (String node : List.of("node-0", "node-1")) {
            FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), remote);
            started.add(await(Agent.start(vertx, AgentConfig.embedded(node), store, (wf, fn) -> runtime.url())));
        }
        return started;
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Plans a flat workflow (YAML) over both nodes and installs it. */
    Workflow deploy(String name, String yaml, ControlMode mode) throws Exception {
        Workflow wf = WorkflowParser.parse(name + ".yaml", name, new YAMLMapper().readValue(yaml, Object.class),
                Map.of(), Workflow.DEFAULT_MAX_CONTAINERS);
        List<NodeSpec> nodes = List.of(new NodeSpec("node-0", 120), new NodeSpec("node-1", 120));
        coordinator.deploy(wf, GroupingPlanner.plan(wf, nodes, GroupingOptions.of(DataMode.RAW)), agentUrls, mode)
                .get(30, TimeUnit.SECONDS);
        return wf;
    }

    /** Invocation state left anywhere: the coordinator's in-flight set and every agent's. */
    int statesLeft() {
        return coordinator.inFlight() + agents.stream().mapToInt(Agent::activeInvocations).sum();
    }

    @Override
    public void close() throws Exception {
        runtime.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        remoteTier.close();
    }
}
