package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ended means ended: functions of an invocation that timed out keep running and write their outputs late; every
 * such write is refused and nothing stays in node memory or the remote tier (the reproductions of issue 16, which
 * left 40 MB and 365 MB behind).
 */
class LateWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        // As `run` sets it up: 7 nodes, functions may run a minute (the invocation's own timeout is what ends it).
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(7).withFunctionTimeoutMillis(60_000));
        cluster.deploy(Benchmarks.load("wordcount"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** Once the late functions have returned, nothing of any invocation is left anywhere. */
    @AfterEach
    void nothingLeftBehind() throws Exception {
        for (int i = 0; i < 600 && (cluster.functionsRunning() > 0 || cluster.statesLeft() > 0); i++) {
            Thread.sleep(50);
        }
        assertEquals(0, cluster.functionsRunning(), "functions still running after 30 s");
        assertEquals(0, cluster.statesLeft(), "invocation state left on some node");
        assertEquals(0, cluster.localBytesLeft(), "bytes left in node memory");
        assertEquals(0, ((InProcessRemoteTier) cluster.remote()).valueCount(), "values left in the remote tier");
    }

    @Test
    void wordcountTimingOutAfterATenthOfASecondLeavesNodeMemoryEmpty() throws Exception {
        // ./faasflow run wordcount --invocations 20 --concurrency 4 --timeout 0.1 --time-scale 1
        long refusedBefore = cluster.lateWritesRefused();
        InvokeOptions options = new InvokeOptions(100, true, 1.0);
        Semaphore slots = new Semaphore(4);
        List<CompletableFuture<InvocationResult>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slots.acquire();
            InvocationHandle handle = cluster.invoke("wordcount", JSON.createObjectNode(), options);
            all.add(handle.result().whenComplete((r, e) -> slots.release())
                    .thenCompose(r -> cluster.coordinator().delete(r.id()).thenApply(x -> r)));
        }
        for (CompletableFuture<InvocationResult> f : all) {
            InvocationResult r = f.get(60, TimeUnit.SECONDS);
            assertEquals(InvocationPhase.TIMED_OUT, r.phase(), r.message());
            assertTrue(r.cleanupErrors().isEmpty(), r.cleanupErrors().toString());
        }
        waitForFunctions();
        assertTrue(cluster.lateWritesRefused() > refusedBefore,
                "the timed-out functions wrote after their invocation's end, and were refused");
    }

    @Test
    void aBurstOfGatewayRequestsThatTimeOutLeavesNothingBehind() throws Exception {
        String workflow = cluster.gatewayUrl() + "/v1/namespaces/" + EmbeddedCluster.NAMESPACE + "/workflows/wordcount/invocations";
        String body = "{\"input\": {}, \"generateMissingInputs\": true, \"timeoutSeconds\": 0.1, \"timeScale\": 1}";
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(workflow)).header("Authorization", "Bearer " + cluster.gatewayToken()).timeout(Duration.ofSeconds(60))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> accepted = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            // Admission may turn some away (429): what it accepted must all be cleared.
            assertTrue(Set.of(202, 429).contains(r.statusCode()), r.statusCode() + " " + r.body());
            if (r.statusCode() == 202) {
                accepted.add(JSON.readTree(r.body()).get("id").asText());
            }
        }
        assertTrue(accepted.size() > 0, "the gateway accepted none of the burst");
        String invocations = cluster.gatewayUrl() + "/v1/namespaces/" + EmbeddedCluster.NAMESPACE + "/invocations/";
        for (String id : accepted) {
            JsonNode status = get(invocations + id);
            for (int i = 0; i < 600 && Set.of("Pending", "Running").contains(status.path("phase").asText()); i++) {
                Thread.sleep(50);
                status = get(invocations + id);
            }
            assertTrue(Set.of("TimedOut", "Succeeded").contains(status.path("phase").asText()), status.toString());
            HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(invocations + id)).header("Authorization", "Bearer " + cluster.gatewayToken()).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, deleted.statusCode(), deleted.body());
        }
        waitForFunctions();
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + cluster.gatewayToken()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void waitForFunctions() throws InterruptedException {
        for (int i = 0; i < 600 && cluster.functionsRunning() > 0; i++) {
            Thread.sleep(50);
        }
    }
}
