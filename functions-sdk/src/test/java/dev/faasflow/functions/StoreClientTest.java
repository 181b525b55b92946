package dev.faasflow.functions;

import dev.faasflow.functions.testing.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.contract.RunRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

        @Override
        public byte[] get(String invocation, String key) {
            byte[] v = values.get(invocation + "/" + key);
            if (v == null) {
                throw new ValueNotFoundException(invocation, key);
            }
            return v;
        }

        @Override
        public void put(String invocation, String key, byte[] value, String destination) {
            values.put(invocation + "/" + key, value);
        }
    }

    private static RunRequest copy(String invocation, String store, int size) {
        return new RunRequest("test", invocation, "copier", "copy", null, null, null, null, 0, 0, store, "MEM",
                List.of(new RunRequest.Input("original", "big", "pass", size, null)),
                List.of(new RunRequest.Output("copy", "pass", size, null)), null);
    }

    @Test
    void aRegisteredInProcessClientServesItsEndpointWithoutHttpAndWithoutCopies() throws Exception {
        // nothing listens on this endpoint: only the in-process client can serve it
        String endpoint = "http://127.0.0.1:9/";
        MapStore store = new MapStore();
        String inv = TestEnv.invocation();
        byte[] shared = new byte[1 << 20];
        store.put(inv, "big", shared, null);
        try (StoreClients.Registration ignored = StoreClients.registerInProcess(endpoint, store)) {
            assertSame(store, StoreClients.inProcess("http://127.0.0.1:9"));
            JsonNode response = TestEnv.run(copy(inv, "http://127.0.0.1:9", shared.length)).body();
            assertEquals(1, response.get("gets").asLong(), response.toString());
            assertEquals(1, response.get("puts").asLong());
            assertEquals(shared.length, response.get("bytesRead").asLong());
            assertSame(shared, store.values.get(inv + "/copy"));
            TestEnv.SERVERS.lenient().runtime().submit(copy(inv, endpoint, shared.length)).get(30, TimeUnit.SECONDS);
        }
        assertNull(StoreClients.inProcess(endpoint));
        // unregistered: the server now goes over HTTP, and nothing answers there
        TestServers.Reply reply = TestEnv.run(copy(inv, "http://127.0.0.1:9", 1));
        assertEquals(500, reply.status());
        assertTrue(reply.error().startsWith("copier: store http://127.0.0.1:9: GET of key 'big' in invocation '" + inv
                + "' failed"), reply.error());
    }

    @Test
    void aFunctionReadsAndWritesTheAgentsStoreOverHttpWithTheRequestsDestination() {
        String inv = TestEnv.invocation();
        TestEnv.store(inv, "big", "x".repeat(1000));
        JsonNode response = TestEnv.run(copy(inv, TestEnv.STORE_URL, 1000)).body();
        assertEquals(1000, response.get("bytesWritten").asLong(), response.toString());
        assertEquals("x".repeat(1000), new String(TestEnv.stored(inv, "copy"), StandardCharsets.UTF_8));
        assertTrue(TestEnv.STORE.holdsLocally(inv, "copy"), "MEM: in the node's memory");
        assertTrue(TestEnv.REMOTE.get(inv, "copy").join().isEmpty(), "MEM: not in the remote tier");
    }

    @Test
    void endpointsAreNormalized() {
        assertEquals("http://localhost:80", StoreClients.normalize("http://LocalHost/"));
        assertEquals("http://127.0.0.1:41001", StoreClients.normalize("http://127.0.0.1:41001//"));
        assertEquals("https://h:443/base", StoreClients.normalize("https://h/base/"));
        assertThrows(IllegalArgumentException.class, () -> StoreClients.normalize("ftp://h"));
    }

    @Test
    void theHttpClientRoundTripsAwkwardKeysAndNamesMissingValues() {
        HttpStoreClient client = new HttpStoreClient(TestEnv.STORE_URL);
        String inv = "inv with space#1";
        String key = "e56817f6-9b16.txt#2 +?%";
        byte[] value = "payload".getBytes(StandardCharsets.UTF_8);
        client.put(inv, key, value, "DB+MEM");
        assertArrayEquals(value, TestEnv.stored(inv, key));
        assertTrue(TestEnv.STORE.holdsLocally(inv, key), "DB+MEM: in the node's memory");
        assertTrue(TestEnv.REMOTE.get(inv, key).join().isPresent(), "DB+MEM: and in the remote tier");
        assertArrayEquals(value, client.get(inv, key));
        client.put(inv, "empty", new byte[0], null);
        assertEquals(0, client.get(inv, "empty").length);

        ValueNotFoundException e = assertThrows(ValueNotFoundException.class, () -> client.get("inv-x", "nope"));
        assertTrue(e.getMessage().startsWith("no value for key 'nope' in invocation 'inv-x'"), e.getMessage());
        assertEquals("inv-x", e.invocation());
        assertEquals("nope", e.key());

        StoreException refused = assertThrows(StoreException.class, () -> client.put(inv, "k", value, "NOWHERE"));
        assertTrue(refused.getMessage().startsWith("store " + StoreClients.normalize(TestEnv.STORE_URL)
                + " answered 400 to PUT of key 'k'"), refused.getMessage());
    }

    @Test
    void resolversCacheOneHttpClientPerEndpoint() {
        try (StoreClients clients = new StoreClients(HttpStoreClient.DEFAULT_TIMEOUT)) {
            StoreClient c = clients.forEndpoint(TestEnv.STORE_URL + "/");
            assertInstanceOf(HttpStoreClient.class, c);
            assertSame(c, clients.forEndpoint(TestEnv.STORE_URL));
        }
    }
}
