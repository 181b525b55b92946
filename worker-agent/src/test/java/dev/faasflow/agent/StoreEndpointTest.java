package dev.faasflow.agent;

import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.StoreConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store endpoint functions use, over real HTTP on loopback. */
class StoreEndpointTest {
    private static Vertx vertx;
    private static Agent agent;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        AgentConfig config = new AgentConfig("node-0", "127.0.0.1", 0, "127.0.0.1", 10_000, 0, 600_000, 1024,
                AgentConfig.DEFAULT_STATE_GRACE_MILLIS, AgentConfig.DEFAULT_SLOTS);
        agent = Agent.start(vertx, config, FaaStore.embedded(StoreConfig.defaults()), (wf, fn) -> "http://127.0.0.1:1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<byte[]> put(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + path)).timeout(Duration.ofSeconds(10))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void valuesRoundTripThroughTheTiersTheDestinationNames() throws Exception {
        byte[] value = "hello, store".getBytes();
        HttpResponse<byte[]> local = put("/v1/store/inv-a/greeting?destination=MEM", value);
        assertEquals(204, local.statusCode());
        assertEquals("local", local.headers().firstValue("X-FaaStore-Tier").orElse(""));
        HttpResponse<byte[]> both = put("/v1/store/inv-a/both?destination=DB%2BMEM", value);
        assertEquals("both", both.headers().firstValue("X-FaaStore-Tier").orElse(""));
        HttpResponse<byte[]> back = get("/v1/store/inv-a/greeting");
        assertEquals(200, back.statusCode());
        assertArrayEquals(value, back.body());
        assertEquals(0, put("/v1/store/inv-a/empty?destination=DB", new byte[0]).statusCode() - 204);
        assertEquals(0, get("/v1/store/inv-a/empty").body().length);
        agent.store().clear("inv-a");
    }

    @Test
    void aMissingValueIs404() throws Exception {
        HttpResponse<byte[]> r = get("/v1/store/inv-b/nothing");
        assertEquals(404, r.statusCode());
        assertTrue(new String(r.body()).contains("nothing"), new String(r.body()));
    }

    @Test
    void anOversizeValueIs413WithAClearMessage() throws Exception {
        HttpResponse<byte[]> r = put("/v1/store/inv-c/big?destination=MEM", new byte[4096]);
        assertEquals(413, r.statusCode());
        assertTrue(new String(r.body()).contains("too large"), new String(r.body()));
    }

    @Test
    void aPutOfAnEndedInvocationIs410NamingIt() throws Exception {
        assertEquals(204, put("/v1/store/inv-d/early?destination=MEM", new byte[10]).statusCode());
        agent.store().clearLocal("inv-d", java.util.Set.of());
        for (String destination : new String[] {"MEM", "DB", "DB%2BMEM"}) {
            HttpResponse<byte[]> r = put("/v1/store/inv-d/late?destination=" + destination, new byte[100]);
            assertEquals(410, r.statusCode(), new String(r.body()));
            String error = new String(r.body());
            assertTrue(error.contains("invocation 'inv-d' has already ended") && error.contains("'late'"), error);
        }
        assertEquals(0, agent.store().stats().nodeUsedBytes());
    }
}
