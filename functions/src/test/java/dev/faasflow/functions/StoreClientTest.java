package dev.faasflow.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.contract.RunRequest;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreClientTest {

    /** An in-process store as an agent would register it. */
    static final class MapStore implements StoreClient {
        final Map<String, byte[]> values = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public byte[] get(String invocation, String key) {
            calls.incrementAndGet();
            byte[] v = values.get(invocation + "/" + key);
            if (v == null) {
                throw new ValueNotFoundException(invocation, key);
            }
            return v;
        }

        @Override
        public void put(String invocation, String key, byte[] value, String destination) {
            calls.incrementAndGet();
            values.put(invocation + "/" + key, value);
        }
    }

    @Test
    void registeredInProcessClientServesItsEndpointWithoutHttp() {
        // nothing listens on this endpoint: only the in-process client can serve it
        String endpoint = "http://127.0.0.1:9/";
        MapStore store = new MapStore();
        String inv = TestEnv.invocation();
        try (StoreClients.Registration ignored = StoreClients.registerInProcess(endpoint, store)) {
            assertSame(store, StoreClients.inProcess("http://127.0.0.1:9"));
            byte[] text = "the cat and the dog\nthe end\n".getBytes(StandardCharsets.UTF_8);
            store.put(inv, "file", text, null);
            RunRequest count = TestEnv.request("wordcount", "count", inv).store("http://127.0.0.1:9")
                    .foreach(0, 1, Json.MAPPER.getNodeFactory().textNode("chunk-0")).build();
            JsonNode response = TestEnv.ok(count);
            assertEquals(1, response.get("gets").asLong());
            assertEquals(1, response.get("puts").asLong());
            assertEquals(text.length, response.get("bytesRead").asLong());
            String counts = new String(store.values.get(inv + "/wordcount#0"), StandardCharsets.UTF_8);
            assertEquals("{\"and\":1,\"cat\":1,\"dog\":1,\"end\":1,\"the\":3}", counts);
        }
        assertNull(StoreClients.inProcess(endpoint));
        // unregistered: the runtime now goes over HTTP, and nothing answers there
        TestEnv.Reply reply = TestEnv.run(TestEnv.request("wordcount", "count", inv).store("http://127.0.0.1:9")
                .foreach(0, 1, null).build());
        assertEquals(500, reply.status());
        assertTrue(reply.error().startsWith("count#0: store http://127.0.0.1:9"), reply.error());
    }

    @Test
    void inProcessValuesAreNotCopied() throws Exception {
        MapStore store = new MapStore();
        String endpoint = "http://in-process.invalid:41001";
        byte[] shared = new byte[1 << 20];
        String inv = TestEnv.invocation();
        store.put(inv, "big", shared, null);
        try (var r = StoreClients.registerInProcess(endpoint, store)) {
            RunRequest request = new RunRequest("test", inv, "pass", "passthrough", null, null, null, null, 0, 0,
                    endpoint, "MEM", List.of(new RunRequest.Input("big", "big", "pass", shared.length, null)),
                    List.of(new RunRequest.Output("copy", "pass", shared.length, null)), null);
            TestEnv.REGISTRY.register("test/passthrough", ctx -> ctx.put("copy", ctx.fetch("big")));
            TestEnv.SERVER.runtime().submit(request).get(30, TimeUnit.SECONDS);
            assertSame(shared, store.values.get(inv + "/copy"));
        }
    }

    @Test
    void endpointsAreNormalized() {
        assertEquals("http://localhost:80", StoreClients.normalize("http://LocalHost/"));
        assertEquals("http://127.0.0.1:41001", StoreClients.normalize("http://127.0.0.1:41001//"));
        assertEquals("https://h:443/base", StoreClients.normalize("https://h/base/"));
        assertThrows(IllegalArgumentException.class, () -> StoreClients.normalize("ftp://h"));
    }

    @Test
    void httpClientRoundTripsAwkwardKeysAndNamesMissingValues() {
        try (HttpStoreClient client = new HttpStoreClient(TestEnv.VERTX, TestEnv.STORE_URL)) {
            String inv = "inv/with space#1";
            String key = "e56817f6-9b16.txt#2 +/?%";
            byte[] value = "payload".getBytes(StandardCharsets.UTF_8);
            client.put(inv, key, value, "DB+MEM");
            assertArrayEquals(value, TestEnv.STORE.get(inv, key));
            assertEquals("DB+MEM", TestEnv.STORE.destination(inv, key));
            assertArrayEquals(value, client.get(inv, key));
            client.put(inv, "empty", new byte[0], null);
            assertEquals(0, client.get(inv, "empty").length);

            ValueNotFoundException e = assertThrows(ValueNotFoundException.class, () -> client.get("inv-x", "nope"));
            assertTrue(e.getMessage().startsWith("no value for key 'nope' in invocation 'inv-x'"), e.getMessage());
            assertEquals("inv-x", e.invocation());
            assertEquals("nope", e.key());
        }
    }

    @Test
    void blockingCallsAreRefusedOnTheEventLoop() throws Exception {
        try (HttpStoreClient client = new HttpStoreClient(TestEnv.VERTX, TestEnv.STORE_URL)) {
            Promise<Throwable> seen = Promise.promise();
            TestEnv.VERTX.runOnContext(v -> {
                try {
                    client.get("inv", "k");
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            Throwable t = seen.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, t);
            // the asynchronous API works there
            String inv = TestEnv.invocation();
            TestEnv.STORE.put(inv, "k", new byte[] {1, 2, 3});
            Promise<byte[]> got = Promise.promise();
            TestEnv.VERTX.runOnContext(v -> client.getAsync(inv, "k").onComplete(got));
            assertArrayEquals(new byte[] {1, 2, 3},
                    got.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void storeTimeoutsAreReported() {
        StoreClients clients = new StoreClients(TestEnv.VERTX, 2, Duration.ofSeconds(30));
        try {
            StoreClient c = clients.forEndpoint(TestEnv.STORE_URL + "/");
            assertInstanceOf(HttpStoreClient.class, c);
            assertSame(c, clients.forEndpoint(TestEnv.STORE_URL));
        } finally {
            clients.close();
        }
    }
}
