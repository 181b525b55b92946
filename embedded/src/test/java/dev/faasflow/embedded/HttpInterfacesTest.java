package dev.faasflow.embedded;

import dev.faasflow.agent.auth.StoreCapabilities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad requests to the gateway and to agents get a clear 4xx, never a hang or a 500 with a stack trace. */
class HttpInterfacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedCluster cluster;
    private static String gateway;
    private static String agent;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(2));
        cluster.deploy(Benchmarks.load("wordcount"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        gateway = cluster.gatewayUrl() + "/v1/namespaces/default";
        agent = cluster.agents().get(0).url();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json");
        if (url.startsWith(agent + "/v1/store/")) { // the store wants the invocation's token, as its functions get it
            String invocation = url.substring((agent + "/v1/store/").length()).split("/")[0];
            b.header("Authorization", "Bearer " + StoreCapabilities.of(cluster.clusterKey(),
                    cluster.agents().get(0).node()).tokenFor(invocation));
        } else if (url.startsWith(agent)) { // the agent's control routes need the cluster key
            b.header("Authorization", "Bearer " + cluster.clusterKey().secret());
        } else if (url.startsWith(cluster.gatewayUrl() + "/v1/")) { // the gateway wants its token
            b.header("Authorization", "Bearer " + cluster.gatewayToken());
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertClearError(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("error").asText().contains(fragment), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
    }

    @Test
    void theGatewayRunsAnInvocationAndWaits() throws Exception {
        HttpResponse<String> r = send("POST", gateway + "/workflows/wordcount/invocations?wait=true",
                "{\"input\": {\"chunks\": 2, \"size_bytes\": 20000}, \"allowUnknownInputs\": true, \"timeScale\": 0.001}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = JSON.readTree(r.body());
        assertEquals("Succeeded", result.get("phase").asText());
        assertEquals("wordcount", result.get("workflow").asText());
        assertEquals("default", result.get("namespace").asText());
        String id = result.get("id").asText();
        assertEquals(200, send("GET", gateway + "/invocations/" + id, null).statusCode());
        // The engine counted it, by workflow and phase, with its duration in a histogram.
        String metrics = send("GET", cluster.gatewayUrl() + "/metrics", null).body();
        assertTrue(metrics.contains("faasflow_invocations_total{event=\"succeeded\",workflow=\"wordcount\",}"), metrics);
        assertTrue(metrics.contains("faasflow_invocation_duration_seconds_bucket{phase=\"succeeded\",workflow=\"wordcount\","),
                metrics);
        assertTrue(metrics.contains("faasflow_invocations_running "), metrics);
        assertEquals(204, send("DELETE", gateway + "/invocations/" + id, null).statusCode());
        assertEquals(404, send("GET", gateway + "/invocations/" + id, null).statusCode());
    }

    @Test
    void theGatewayGivesAnEndedInvocationsTraceAndSaysWhenThereIsNone() throws Exception {
        HttpResponse<String> started = send("POST", gateway + "/workflows/wordcount/invocations",
                "{\"input\": {\"chunks\": 2, \"size_bytes\": 20000}, \"allowUnknownInputs\": true, \"timeScale\": 10}");
        String id = JSON.readTree(started.body()).get("id").asText();
        assertClearError(send("GET", gateway + "/invocations/" + id + "/trace", null), 409, "once it has ended");
        JsonNode result = null;
        for (int i = 0; i < 600 && (result == null || !result.has("functions")); i++) {
            Thread.sleep(50);
            result = JSON.readTree(send("GET", gateway + "/invocations/" + id, null).body());
        }
        assertEquals("Succeeded", result.path("phase").asText(), result.toString());
        HttpResponse<String> r = send("GET", gateway + "/invocations/" + id + "/trace", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode trace = JSON.readTree(r.body());
        assertEquals("wordcount", trace.get("workflow").asText());
        assertEquals("default", trace.get("namespace").asText());
        assertEquals(result.get("functions").size(), trace.get("functions").size(), "every attempt of the result");
        assertEquals(result.get("functions").size(), trace.at("/summary/attempts").asInt());
        assertEquals(0, trace.get("functionsOmitted").asInt());
        assertTrue(trace.at("/summary/criticalPath").size() > 0, trace.toString());
        assertTrue(trace.at("/summary/slowestFunction/durationMs").asDouble() > 0, trace.toString());
        for (JsonNode f : trace.get("functions")) {
            assertTrue(f.get("endedAtMicros").asLong() >= f.get("startedAtMicros").asLong(), f.toString());
            assertFalse(f.get("node").asText().isEmpty(), f.toString());
        }
        JsonNode chrome = JSON.readTree(send("GET", gateway + "/invocations/" + id + "/trace?format=chrome", null).body());
        assertTrue(chrome.get("traceEvents").size() > result.get("functions").size(), "a span per attempt and names");
        assertClearError(send("GET", gateway + "/invocations/" + id + "/trace?format=svg", null), 400, "json, chrome");
        assertEquals(204, send("DELETE", gateway + "/invocations/" + id, null).statusCode());
        assertClearError(send("GET", gateway + "/invocations/" + id + "/trace", null), 404, "no invocation '" + id + "'");
    }

    @Test
    void theGatewayAnswersWithoutWaitingToo() throws Exception {
        HttpResponse<String> r = send("POST", gateway + "/workflows/wordcount/invocations",
                "{\"input\": {\"chunks\": 2, \"size_bytes\": 20000}, \"allowUnknownInputs\": true, \"timeScale\": 0.001}");
        assertEquals(202, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        JsonNode status = null;
        for (int i = 0; i < 200; i++) {
            status = JSON.readTree(send("GET", gateway + "/invocations/" + id, null).body());
            if ("Succeeded".equals(status.path("phase").asText())) {
                break;
            }
            Thread.sleep(25);
        }
        assertEquals("Succeeded", status.path("phase").asText(), status.toString());
        assertEquals(204, send("DELETE", gateway + "/invocations/" + id, null).statusCode());
    }

    @Test
    void gatewayErrors() throws Exception {
        assertClearError(send("POST", gateway + "/workflows/nope/invocations", "{}"), 404,
                "no workflow 'nope' in namespace 'default'");
        assertClearError(send("POST", cluster.gatewayUrl() + "/v1/namespaces/other/workflows/wordcount/invocations", "{}"),
                404, "only namespace 'default'");
        assertClearError(send("POST", gateway + "/workflows/wordcount/invocations", "{not json"), 400, "not valid JSON");
        assertClearError(send("POST", gateway + "/workflows/wordcount/invocations", "[1]"), 400, "JSON object");
        assertClearError(send("POST", gateway + "/workflows/wordcount/invocations", "{\"timeoutSeconds\": -1}"),
                400, "timeoutSeconds");
        assertClearError(send("GET", gateway + "/invocations/inv-unknown", null), 404, "no invocation");
    }

    @Test
    void theGatewayTakesOnlyItsTokenAndListensOnLoopbackOnly() throws Exception {
        assertTrue(cluster.gatewayUrl().startsWith("http://127.0.0.1:"), cluster.gatewayUrl());
        String body = "{\"input\": {}, \"timeScale\": 0.001}";
        for (String authorization : new String[] {null, "Bearer " + cluster.clusterKey().secret(), "Basic abc"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway + "/workflows/wordcount/invocations"))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertClearError(r, 401, authorization == null || authorization.startsWith("Basic") ? "needs a bearer token"
                    : "not a valid API key");
            assertEquals("Bearer realm=\"faasflow\"", r.headers().firstValue("www-authenticate").orElse(""));
        }
        assertEquals(0, cluster.coordinator().inFlight(), "a refused call started nothing");
        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/invocations/x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertClearError(get, 401, "needs a bearer token");
        assertEquals(200, send("GET", cluster.gatewayUrl() + "/openapi", null).statusCode(), "the documentation is open");
    }

    @Test
    void agentControlCallsWithoutTheClusterKeyGet401() throws Exception {
        HttpRequest unsigned = HttpRequest.newBuilder(URI.create(agent + "/v1/workflows/x")).timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertClearError(HTTP.send(unsigned, HttpResponse.BodyHandlers.ofString()), 401, "needs the cluster key");
    }

    @Test
    void agentErrors() throws Exception {
        assertClearError(send("POST", agent + "/v1/invocations/i1/trigger", "{oops"), 400, "malformed trigger");
        assertClearError(send("POST", agent + "/v1/invocations/i1/trigger",
                "{\"invocation\": {\"id\": \"i1\", \"workflow\": \"nope\"}, \"function\": \"f\"}"), 503,
                "unknown workflow 'nope'"); // a new agent: its deployments may not have been pushed again yet
        assertClearError(send("POST", agent + "/v1/invocations/i1/trigger",
                "{\"invocation\": {\"id\": \"i2\", \"workflow\": \"wordcount\"}, \"function\": \"start\"}"), 400, "differs");
        assertClearError(send("PUT", agent + "/v1/workflows/x", "{}"), 400, "definition, plan and agents");
        assertClearError(send("GET", agent + "/v1/store/i1/missing", null), 404, "missing");
        assertClearError(send("PUT", agent + "/v1/store/i1/k?destination=SOMEWHERE", "abc"), 400, "SOMEWHERE");
    }

    @Test
    void deletingARunningInvocationCancelsIt() throws Exception {
        cluster.deploy(dev.faasflow.workflow.WorkflowLoader.parse("slow.yaml", "slow", """
                functions:
                - {name: a, runtime: 30, next: {type: pass, nodes: [b]}}
                - {name: b, runtime: 0}
                """), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        HttpResponse<String> r = send("POST", gateway + "/workflows/slow/invocations", "{\"timeScale\": 1}");
        assertEquals(202, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        Thread.sleep(200);
        long t0 = System.nanoTime();
        assertEquals(204, send("DELETE", gateway + "/invocations/" + id, null).statusCode());
        assertTrue((System.nanoTime() - t0) / 1e9 < 25, "cancelled, not waited for");
        assertEquals(404, send("GET", gateway + "/invocations/" + id, null).statusCode());
        assertEquals(0, cluster.statesLeft());
    }
}
