package dev.faasflow.coordinator;

import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.agent.testing.TinyRuntime;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.fixtures.RedisServerExtension;
import dev.faasflow.fixtures.RedisServerProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A coordinator in its own process is SIGKILLed while an invocation runs and another one is started on the same
 * address: it recovers the invocation from its record in Redis. The agents (in this JVM) keep running and retry
 * their events until the new coordinator acknowledges them.
 */
class RecoveryTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();


    private Vertx vertx;
    private TinyRuntime runtime;
    private RedisRemoteTier remote;
    private final List<Agent> agents = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Path yaml;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        runtime = TinyRuntime.start(vertx);
        remote = RedisRemoteTier.connect(RedisConfig.single(REDIS.url()));
        remote.client().getKeys().flushall();
        agents.addAll(TestEngine.startAgents(vertx, remote, runtime));
        yaml = Files.createTempFile("chain", ".yaml");
        // a runs long enough to kill the coordinator under it
        Files.writeString(yaml, TestWorkflows.chain("3", ""));
        port = RedisServerProcess.freePort();
    }

    @AfterEach
    void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        runtime.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        remote.close();
        Files.deleteIfExists(yaml);
    }

    private Process coordinator(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CoordinatorProcess.class.getName(), REDIS.url(),
                String.valueOf(port), "node-0=" + agents.get(0).url() + ",node-1=" + agents.get(1).url(), yaml.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        return p;
    }

    /** The first stdout line of {@code p} that starts with {@code prefix}, without it. */
    private static String line(Process p, String prefix) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String l = out.readLine(); l != null; l = out.readLine()) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length());
            }
        }
        fail("the coordinator process ended (exit " + p.waitFor() + ") before printing " + prefix);
        return null;
    }

    /** Starts an invocation in a coordinator process and SIGKILLs that process while a runs. */
    private String invokeAndKill(long timeoutMillis) throws Exception {
        Process first = coordinator("invoke", String.valueOf(timeoutMillis));
        String id = line(first, "ID ");
        for (int i = 0; i < 1000 && runtime.requestsFor("a").isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(1, runtime.requestsFor("a").size(), "a runs when the coordinator is killed");
        first.destroyForcibly(); // SIGKILL: nothing is written on the way down
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        return id;
    }

    private String recoverAndWait(String id) throws Exception {
        Process second = coordinator("recover", id);
        String result = line(second, "RESULT ");
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        return result;
    }

    /** Recovers in a new coordinator process: the invocation succeeds, a having run {@code aRuns} times, b once. */
    private void assertSucceededAfterRecovery(String id, int aRuns) throws Exception {
        String result = recoverAndWait(id);
        assertTrue(result.startsWith("Succeeded|"), result);
        assertEquals(aRuns, runtime.requestsFor("a").size(), aRuns == 1 ? "a did not run again" : "a ran again");
        assertEquals(1, runtime.requestsFor("b").size());
        assertNothingLeft();
    }

    private void assertNothingLeft() throws Exception {
        for (Agent a : agents) {
            assertEquals(0, a.activeInvocations(), "invocations left on " + a.url());
            assertEquals(0, a.store().stats().nodeUsedBytes(), "node memory left on " + a.url());
        }
        // The tombstones of ended invocations stay, refusing late writes, for the key TTL.
        assertEquals(0, remote.client().getKeys().getKeysStream().filter(k -> !k.endsWith(":ended")).count(),
                "keys left in Redis");
    }

    @Test
    void aRunningInvocationStillHeldByItsAgentsIsResumedAndSucceedsAfterTheCoordinatorIsKilled() throws Exception {
        String id = invokeAndKill(60_000);
        assertSucceededAfterRecovery(id, 1);
    }

    @Test
    void aRunningInvocationNoAgentHoldsAnyMoreEndsFailedNamingWhatWasLost() throws Exception {
        String id = invokeAndKill(60_000);
        AgentClient client = new AgentClient(vertx, io.vertx.ext.web.client.WebClient.create(vertx));
        for (Agent a : agents) { // as if both agents had restarted: they no longer know it
            TestEngine.await(client.cleanup(a.url(), id));
        }
        String result = recoverAndWait(id);
        assertTrue(result.startsWith("Failed|"), result);
        assertTrue(result.contains("no agent of its plan holds its state"), result);
        assertNothingLeft();
    }

    @Test
    void aLostInvocationOfAWorkflowThatRetriesEveryFunctionRunsAgainFromTheStart() throws Exception {
        Files.writeString(yaml, TestWorkflows.chain("3", "") + "defaults:\n  retry: {limit: 1, backoff_seconds: 0.1}\n");
        String id = invokeAndKill(60_000);
        // Both agents restart on their addresses: they no longer know it (nor that it ever ran).
        for (int i = 0; i < agents.size(); i++) {
            Agent old = agents.get(i);
            TestEngine.await(vertx.undeploy(old.deploymentID()));
            FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), remote);
            agents.set(i, TestEngine.await(Agent.start(vertx, AgentConfig.embedded(old.node()).withPort(old.port()), store,
                    (wf, fn) -> runtime.url())));
        }
        assertSucceededAfterRecovery(id, 2);
    }

    @Test
    void anInvocationWhoseDeadlinePassedWhileNoCoordinatorRanEndsTimedOutSayingSo() throws Exception {
        String id = invokeAndKill(2_000);
        Thread.sleep(2_500); // the deadline passes while no coordinator runs
        String result = recoverAndWait(id);
        assertTrue(result.startsWith("TimedOut|"), result);
        assertTrue(result.contains("while no coordinator was running"), result);
        assertNothingLeft();
    }
}
