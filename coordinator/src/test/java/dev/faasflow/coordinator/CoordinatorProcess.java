package dev.faasflow.coordinator;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test-only: a coordinator in a process of its own, on a fixed port, with Redis as its remote tier, so that a test
 * can SIGKILL it mid-invocation and start another. Arguments: {@code REDIS_URL PORT node=url,node=url WORKFLOW_YAML
 * MODE [ID | TIMEOUT_MILLIS]}; MODE {@code invoke} starts one invocation (60 s timeout unless given), prints {@code ID <id>} and waits to be killed; MODE
 * {@code recover} recovers, prints {@code RECOVERED <summary>}, waits for invocation ID to end, prints
 * {@code RESULT <phase>|<failed function>|<message>}, deletes it and exits.
 */
public final class CoordinatorProcess {
    private CoordinatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        String redisUrl = args[0];
        int port = Integer.parseInt(args[1]);
        Map<String, String> agents = new LinkedHashMap<>();
        for (String pair : args[2].split(",")) {
            String[] kv = pair.split("=", 2);
            agents.put(kv[0], kv[1]);
        }
        String yaml = Files.readString(Path.of(args[3]));
        String mode = args[4];

        Vertx vertx = Vertx.vertx();
        RedisRemoteTier remote = RedisRemoteTier.connect(RedisConfig.single(redisUrl));
        CoordinatorConfig config = new CoordinatorConfig("127.0.0.1", port, "127.0.0.1", false, 60_000);
        Coordinator coordinator = Coordinator.start(vertx, config,
                new FaaStore(StoreConfig.defaults().withDataMode(DataMode.RAW), remote))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Workflow wf = WorkflowParser.parse("chain.yaml", "chain", new YAMLMapper().readValue(yaml, Object.class),
                Map.of(), Workflow.DEFAULT_MAX_CONTAINERS);
        List<NodeSpec> nodes = new ArrayList<>();
        agents.keySet().forEach(node -> nodes.add(new NodeSpec(node, 120)));
        coordinator.deploy(wf, GroupingPlanner.plan(wf, nodes, GroupingOptions.of(DataMode.RAW)), agents,
                ControlMode.WORKER_SP).get(30, TimeUnit.SECONDS);

        if (mode.equals("invoke")) {
            coordinator.recover().get(30, TimeUnit.SECONDS);
            long timeoutMillis = args.length > 5 ? Long.parseLong(args[5]) : 60_000;
            InvocationHandle h = coordinator.invoke("chain", null, InvokeOptions.defaults().withTimeoutMillis(timeoutMillis));
            System.out.println("ID " + h.id());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            return;
        }
        RecoverySummary summary = coordinator.recover().get(60, TimeUnit.SECONDS);
        System.out.println("RECOVERED " + summary);
        InvocationResult r = coordinator.attach(args[5]).get(60, TimeUnit.SECONDS);
        System.out.println("RESULT " + r.phase().label() + "|" + r.failedFunction() + "|" + r.message());
        System.out.flush();
        coordinator.delete(args[5]).get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        remote.close();
        System.exit(0);
    }
}
