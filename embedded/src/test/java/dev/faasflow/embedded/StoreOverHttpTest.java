package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functions reaching their node's store over the HTTP endpoint, as function pods do on Kubernetes: with security on
 * (the default), so every store call of every benchmark carries its invocation's token.
 */
class StoreOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(3).withInProcessStore(false));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static java.util.List<String> benchmarks() {
        return Benchmarks.NAMES;
    }

    @ParameterizedTest
    @MethodSource("benchmarks")
    void benchmarksCompleteWithTheStoreOverHttp(String benchmark) throws Exception {
        assertTrue(cluster.clusterKey().enabled(), "security is on by default");
        cluster.deploy(Benchmarks.load(benchmark), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        String text = Benchmarks.defaultInput(benchmark);
        JsonNode input = text == null ? JSON.createObjectNode() : JSON.readTree(text);
        InvocationResult r = cluster.invoke(benchmark, input, new InvokeOptions(60_000, true, 0.001))
                .result().get(2, TimeUnit.MINUTES);
        assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        assertTrue(r.bytesLocal() + r.bytesRemote() > 0);
        assertTrue(cluster.coordinator().delete(r.id()).get(30, TimeUnit.SECONDS));
        assertEquals(0, cluster.statesLeft());
        assertEquals(0, cluster.localBytesLeft());
    }
}
