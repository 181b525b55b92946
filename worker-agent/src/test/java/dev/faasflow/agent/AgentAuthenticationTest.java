package dev.faasflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.testing.AgentFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** An agent with a cluster key takes control calls only with it; the store and the health probe stay the functions'. */
class AgentAuthenticationTest {
    private static final String SMALL = """
            functions:
            - name: only
              runtime: 0
            """;

    @Test
    void controlCallsWithoutTheKeyGet401AndChangeNothing() throws Exception {
        ClusterKey key = ClusterKey.generate();
        try (AgentFixture f = AgentFixture.start(AgentConfig.embedded("node-0").withClusterKey(key))) {
            WebClient raw = WebClient.create(f.vertx());
            String url = f.agent().url();
            List<Function<WebClient, HttpRequest<Buffer>>> calls = List.of(
                    c -> c.getAbs(url + "/v1/status"),
                    c -> c.putAbs(url + "/v1/workflows/small"),
                    c -> c.deleteAbs(url + "/v1/workflows/small"),
                    c -> c.getAbs(url + "/v1/invocations/inv-1"),
                    c -> c.postAbs(url + "/v1/invocations/inv-1/trigger"),
                    c -> c.postAbs(url + "/v1/invocations/inv-1/run"),
                    c -> c.postAbs(url + "/v1/invocations/inv-1/cleanup"));
            f.deploy("small", SMALL, 1);
            for (var call : calls) {
                HttpResponse<Buffer> none = AgentFixture.await(call.apply(raw).sendBuffer(Buffer.buffer("{}")));
                assertEquals(401, none.statusCode(), none.bodyAsString());
                assertTrue(none.bodyAsString().contains("needs the cluster key"), none.bodyAsString());
                HttpResponse<Buffer> wrong = AgentFixture.await(call.apply(raw)
                        .putHeader("Authorization", "Bearer " + ClusterKey.generate().secret()).sendBuffer(Buffer.buffer("{}")));
                assertEquals(401, wrong.statusCode(), wrong.bodyAsString());
                assertTrue(wrong.bodyAsString().contains("wrong cluster key"), wrong.bodyAsString());
            }
            // Nothing changed: the workflow the refused DELETE named is still deployed, and a call with the key works.
            AgentClient keyed = new AgentClient(f.vertx(), raw, key);
            assertTrue(AgentFixture.await(keyed.status(url)).toString().contains("small"), "still deployed");
            assertEquals(200, AgentFixture.await(raw.getAbs(url + "/v1/health").send()).statusCode(), "probes need no key");
            assertEquals(204, AgentFixture.await(key.sign(raw.deleteAbs(url + "/v1/workflows/small")).send()).statusCode());
        }
    }

    @Test
    void keysAreLongRandomAndNeverPrinted() {
        ClusterKey a = ClusterKey.generate();
        assertTrue(a.secret().length() >= ClusterKey.MIN_LENGTH);
        assertTrue(!a.secret().equals(ClusterKey.generate().secret()));
        assertEquals("ClusterKey[set]", a.toString());
        assertTrue(ClusterKey.none().accepts(null));
        assertTrue(!a.accepts(null) && !a.accepts("Bearer " + a.secret() + "x") && a.accepts("Bearer " + a.secret()));
        var tooShort = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ClusterKey.of("short"));
        assertTrue(tooShort.getMessage().contains("at least 32 characters"), tooShort.getMessage());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ClusterKey.fromEnvironment(java.util.Map.of()));
        assertTrue(missing.getMessage().contains(ClusterKey.ENV + " is not set"), missing.getMessage());
    }
}
