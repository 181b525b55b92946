package dev.faasflow.pythonsdk;

import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.workflow.DataMode;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the Python SDK's pytest suite against a real agent's store endpoint (started here), so the Maven build
 * covers the Python SDK. Fails, saying what to install, when python3 or pytest is missing.
 */
class PythonSdkTest {
    static Vertx vertx;
    static String storeUrl;
    static final String NODE = "pytest-node";
    static final ClusterKey KEY = ClusterKey.generate();

    @BeforeAll
    static void startAgent() throws Exception {
        vertx = Vertx.vertx();
        FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), new InProcessRemoteTier());
        Agent agent = Agent.start(vertx, AgentConfig.embedded(NODE).withClusterKey(KEY), store, (workflow, function) -> null)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        storeUrl = agent.storeUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pytestSuitePassesAgainstARealAgentsStore() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path report = Files.createTempFile("pytest-", ".log");
        try {
            requirePytest();
            ProcessBuilder pb = new ProcessBuilder("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
                    .directory(module.toFile()).redirectErrorStream(true).redirectOutput(report.toFile());
            pb.environment().put("FAASFLOW_TEST_STORE_URL", storeUrl);
            // The agent's store wants each invocation's token; the tests mint them as the agent does.
            pb.environment().put("FAASFLOW_TEST_CLUSTER_KEY", KEY.secret());
            pb.environment().put("FAASFLOW_TEST_NODE", NODE);
            pb.environment().put("PYTHONPATH", module.resolve("src").toString());
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("pytest did not finish in 5 minutes:\n" + Files.readString(report));
            }
            String out = Files.readString(report, StandardCharsets.UTF_8);
            System.out.println(out);
            assertEquals(0, p.exitValue(), "pytest failed:\n" + out);
            assertTrue(out.matches("(?s).*\\b\\d+ passed\\b.*"), "pytest ran no test:\n" + out);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    /** python3 with pytest, or a failure that says what to install (never a silent skip). */
    static void requirePytest() throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of("python3", "-c", "import pytest")).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("python3 is not installed; the Python SDK's tests need it (Debian: apt-get install python3 python3-pytest)");
            return;
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("pytest is not installed for python3; the Python SDK's tests need it (Debian: apt-get install python3-pytest)");
        }
    }
}
