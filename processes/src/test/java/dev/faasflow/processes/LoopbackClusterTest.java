package dev.faasflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain processes on loopback: a run across two node processes, a runtime killed alone and restarted, a clean stop. */
class LoopbackClusterTest {
    /** Short-lived test members start and warm up faster with the client compiler only. */
    static final List<String> QUICK_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static Workflow fanout() throws Exception {
        return WorkflowLoader.load(Path.of(LoopbackClusterTest.class.getResource("/fanout.yaml").toURI()));
    }

    static List<InvocationResult> run(ProcessCluster cluster, int count) throws Exception {
        InvokeOptions options = new InvokeOptions(30_000, true, 0.1);
        JsonNode input = Json.MAPPER.createObjectNode().put("request", "r");
        List<InvocationHandle> handles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            handles.add(cluster.invoke("fanout", input, options));
        }
        List<InvocationResult> results = new ArrayList<>();
        for (InvocationHandle h : handles) {
            InvocationResult r = h.result().get(60, TimeUnit.SECONDS);
            results.add(r);
            assertTrue(cluster.delete(r.id()).get(30, TimeUnit.SECONDS), r.id());
        }
        return results;
    }

    @Test
    void runsAcrossTwoNodeProcessesAndLeavesNothing() throws Exception {
        ProcessOptions options = ProcessOptions.loopback(EmbeddedOptions.defaults(2)).withSlots(8)
                .withRuntimeAsProcess(true).withJavaOptions(QUICK_JVM);
        long coordinatorPid;
        long runtimePid;
        String tag;
        try (ProcessCluster cluster = ProcessCluster.start(options)) {
            tag = cluster.tag();
            coordinatorPid = cluster.pid(ProcessCluster.COORDINATOR);
            assertNotEquals(ProcessHandle.current().pid(), coordinatorPid);
            Plan plan = cluster.deploy(fanout(), GroupingOptions.defaults(), ControlMode.WORKER_SP);
            assertEquals(2, plan.usedNodes().size(), "the workflow must span both node processes");
            for (InvocationResult r : run(cluster, 6)) {
                assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
                assertTrue(r.bytesRemote() > 0 && r.bytesLocal() > 0, "data crossed nodes and stayed in node memory: " + r);
            }
            assertEquals(0, cluster.statesLeft());
            assertEquals(0, cluster.localBytesLeft());
            assertEquals(0, cluster.redisKeys());
            // The coordinator process takes gateway calls only with the run's API key, control calls only with the
            // cluster key.
            GatewayClient stranger = new GatewayClient(cluster.gateway().url(), null, null);
            java.util.concurrent.ExecutionException refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> stranger.submit("fanout", Json.MAPPER.createObjectNode(), InvokeOptions.defaults())
                            .get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("needs a bearer token"), refused.getCause().getMessage());
            java.io.IOException control = assertThrows(java.io.IOException.class, () -> stranger.getJson("/v1/status"));
            assertTrue(control.getMessage().contains("401"), control.getMessage());

            runtimePid = cluster.runtimePid("node-1");
            assertTrue(runtimePid > 0);
            cluster.killRuntime("node-1");
            long deadline = System.currentTimeMillis() + 60_000;
            while ((cluster.runtimePid("node-1") == runtimePid) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertNotEquals(runtimePid, cluster.runtimePid("node-1"), "the node starts its runtime again");
            for (InvocationResult r : run(cluster, 2)) {
                assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
            }
        }
        assertFalse(ProcessHandle.of(coordinatorPid).map(ProcessHandle::isAlive).orElse(false), "coordinator stopped");
        assertFalse(Files.exists(ProcessCluster.runRoot().resolve("ffpc-" + tag)), "run directory removed");
    }
}
