package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway refuses hostile requests over real HTTP: each hostile body is a 400 naming its problem, and seeded
 * random hostile requests ({@link HostileRequests}: methods, paths, headers, sizes, bodies) each get a 4xx with a
 * JSON error in bounded time, after which the engine still serves a good request and holds nothing.
 * <p>
 * Replay a fuzz failure with the seed it prints: {@code -Dfuzz.seed=S} (and {@code -Dfuzz.cases=N}).
 */
class HostileGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedCluster cluster;
    private static String invocations;

    static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    static final int CASES = Integer.getInteger("fuzz.cases", 200);
    /** The body-read timeout of this cluster's servers: a body shorter than it claims is cut off after it. */
    private static final int BODY_TIMEOUT_SECONDS = 2;
    /** Far above anything a refusal should take on a shared machine, far below "never". */
    private static final int PER_CASE_MILLIS = 15_000;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(dev.faasflow.httpserver.ServerTimeouts.BODY_READ_PROPERTY, Integer.toString(BODY_TIMEOUT_SECONDS));
        try {
            cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(2));
        } finally {
            System.clearProperty(dev.faasflow.httpserver.ServerTimeouts.BODY_READ_PROPERTY);
        }
        cluster.deploy(Benchmarks.load("video"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        invocations = cluster.gatewayUrl() + "/v1/namespaces/default/workflows/video/invocations";
        // The raw hostile requests carry the token too, so that they reach the parts that read what they send.
        HostileRequests.authorization = "Bearer " + cluster.gatewayToken();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A request with the gateway's token, as every client of a default installation sends. */
    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + cluster.gatewayToken());
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return HTTP.send(authorized(URI.create(invocations)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(HttpResponse<String> r, String... fragments) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        String error = JSON.readTree(r.body()).get("error").asText();
        for (String f : fragments) {
            assertTrue(error.contains(f), "'" + f + "' not in: " + error);
        }
        assertFalse(r.body().contains("Exception"), r.body());
    }

    private static final String INPUT = "{\"video_name\": \"sample.mp4\", \"user_name\": \"demo\", \"segment_time\": 10,"
            + " \"target_type\": \"avi\", \"split\": false}";

    @Test
    void invalidUtf8IsRefused() throws Exception {
        byte[] body = ("{\"input\": {\"video_name\": \"caf\u00e9\"}}").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(post(body), "request body: not valid UTF-8 (byte 29)");
    }

    @Test
    void trailingContentAndDuplicateKeysAreRefused() throws Exception {
        assertRefused(post("{\"input\": " + INPUT + "} }}} garbage"), "unexpected content after the JSON object");
        assertRefused(post("{\"input\": " + INPUT + ", \"input\": {}}"), "duplicate key 'input'");
        assertRefused(post("{\"input\": {\"split\": true, \"split\": false}}"), "duplicate key 'split'");
        assertRefused(post("{\"input\": " + INPUT + ", \"timeoutSecond\": 5}"), "unknown field 'timeoutSecond'");
        assertRefused(post("{\"input\": [1]}"), "input must be a JSON object");
    }

    @Test
    void anUndeclaredInputIsRefusedUnlessAskedFor() throws Exception {
        String extra = INPUT.replace("}", ", \"segments\": 2}");
        assertRefused(post("{\"input\": " + extra + "}"), "field 'segments': not a global input of workflow video",
                "\"allowUnknownInputs\": true");
        HttpResponse<String> r = post("{\"input\": " + extra + ", \"allowUnknownInputs\": true, \"timeScale\": 0.001}");
        assertEquals(202, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).get("id").asText();
        JsonNode done = JSON.readTree(HTTP.send(authorized(URI.create(cluster.gatewayUrl()
                + "/v1/namespaces/default/invocations/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (int i = 0; i < 400 && !"Succeeded".equals(done.path("phase").asText()); i++) {
            Thread.sleep(25);
            done = JSON.readTree(HTTP.send(authorized(URI.create(cluster.gatewayUrl()
                    + "/v1/namespaces/default/invocations/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        assertEquals("Succeeded", done.path("phase").asText(), done.toString());
        assertEquals(204, HTTP.send(authorized(URI.create(cluster.gatewayUrl() + "/v1/namespaces/default/invocations/" + id))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void hostileRequestsAreRefusedClearlyAndTheEngineStillServes() throws Exception {
        System.out.println("gateway fuzz: seed " + SEED + ", " + CASES + " cases (replay with -Dfuzz.seed=" + SEED + ")");
        java.util.Map<String, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < CASES; i++) {
            HostileRequests.Hostile h = HostileRequests.generate(new java.util.Random(SEED + i));
            String where = "case " + i + " (seed " + SEED + ") " + h;
            RawHttp.Response r;
            try {
                r = RawHttp.exchange(cluster.gatewayUrl(), h.bytes(), PER_CASE_MILLIS);
            } catch (AssertionError e) {
                throw new AssertionError(where + ": " + e.getMessage(), e);
            }
            statuses.merge(h.kind() + " " + r.status(), 1, Integer::sum);
            if (h.mayClose() && r.status() == 0) {
                assertTrue(r.millis() < PER_CASE_MILLIS, where + ": took " + r.millis() + " ms to close");
                continue;
            }
            assertTrue(r.status() >= 400 && r.status() < 500, where + ": answered " + r);
            assertTrue(r.millis() < PER_CASE_MILLIS, where + ": took " + r.millis() + " ms");
            if (!h.head()) {
                JsonNode error = JSON.readTree(r.body()).get("error");
                assertTrue(error != null && error.isTextual() && !error.asText().isBlank(), where + ": " + r);
                assertTrue(error.asText().length() <= 1_000, where + ": a long message: " + error.asText().length());
                assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), where + ": " + r);
            }
        }
        System.out.println("gateway fuzz: " + statuses);
        assertEquals(0, cluster.coordinator().inFlight(), "a hostile request started an invocation");
        // The engine still serves a good request, and holds nothing afterwards.
        HttpResponse<String> accepted = post("{\"input\": " + INPUT + ", \"timeScale\": 0.001}");
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = JSON.readTree(accepted.body()).get("id").asText();
        String url = cluster.gatewayUrl() + "/v1/namespaces/default/invocations/" + id;
        JsonNode done = JSON.readTree(HTTP.send(authorized(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (int i = 0; i < 400 && !"Succeeded".equals(done.path("phase").asText()); i++) {
            Thread.sleep(25);
            done = JSON.readTree(HTTP.send(authorized(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        assertEquals("Succeeded", done.path("phase").asText(), done.toString());
        assertEquals(204, HTTP.send(authorized(URI.create(url)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        for (int i = 0; i < 100 && cluster.statesLeft() > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, cluster.statesLeft());
        assertEquals(0, cluster.localBytesLeft());
        assertEquals(0, ((dev.faasflow.faastore.InProcessRemoteTier) cluster.remote()).valueCount());
    }
}
