package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents handing run requests to their node's runtime in-process: same outcomes as over HTTP. */
class InProcessCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(3).withInProcessCalls(true)
                .withFunctionTimeoutMillis(3_000), () -> {
            FunctionRegistry registry = BenchmarkFunctions.registry();
            registry.register("explode", ctx -> {
                throw new IllegalStateException("out of paper");
            });
            registry.register("slow", ctx -> Thread.sleep(20_000));
            return registry;
        });
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static InvocationResult run(String workflow, JsonNode input) throws Exception {
        InvocationResult r = cluster.invoke(workflow, input, new InvokeOptions(30_000, true, 0.001))
                .result().get(1, TimeUnit.MINUTES);
        assertTrue(cluster.coordinator().delete(r.id()).get(10, TimeUnit.SECONDS));
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"video", "wordcount", "illgal_recognizer", "soykb"})
    void benchmarksComplete(String benchmark) throws Exception {
        for (ControlMode mode : ControlMode.values()) {
            cluster.deploy(Benchmarks.load(benchmark), GroupingOptions.defaults(), mode);
            String text = Benchmarks.defaultInput(benchmark);
            InvocationResult r = run(benchmark, text == null ? JSON.createObjectNode() : JSON.readTree(text));
            assertEquals(InvocationPhase.SUCCEEDED, r.phase(), mode + ": " + r.message());
        }
        assertEquals(0, cluster.statesLeft());
    }

    @Test
    void failuresAndFunctionTimeoutsNameTheFunction() throws Exception {
        for (String source : new String[] {"explode", "slow"}) {
            cluster.deploy(WorkflowLoader.parse("w.yaml", "w-" + source, """
                    functions:
                    - {name: a, runtime: 0, next: {type: pass, nodes: [b]}}
                    - {name: b, source: %s, runtime: 0}
                    """.formatted(source)), GroupingOptions.defaults(), ControlMode.WORKER_SP);
            InvocationResult r = run("w-" + source, JSON.createObjectNode());
            assertEquals(InvocationPhase.FAILED, r.phase());
            assertEquals("b", r.failedFunction());
            assertTrue(r.message().contains(source.equals("explode") ? "out of paper" : "timed out after 3000 ms"),
                    r.message());
        }
    }
}
