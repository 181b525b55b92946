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

/** The gateway reads request bodies strictly: each hostile body is a 400 naming its problem, over real HTTP. */
class HostileGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedCluster cluster;
    private static String invocations;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(2));
        cluster.deploy(Benchmarks.load("video"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        invocations = cluster.gatewayUrl() + "/v1/namespaces/default/workflows/video/invocations";
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(invocations)).timeout(Duration.ofSeconds(30))
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
        JsonNode done = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(cluster.gatewayUrl()
                + "/v1/namespaces/default/invocations/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (int i = 0; i < 400 && !"Succeeded".equals(done.path("phase").asText()); i++) {
            Thread.sleep(25);
            done = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(cluster.gatewayUrl()
                    + "/v1/namespaces/default/invocations/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        assertEquals("Succeeded", done.path("phase").asText(), done.toString());
        assertEquals(204, HTTP.send(HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + "/v1/namespaces/default/invocations/" + id))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }
}
