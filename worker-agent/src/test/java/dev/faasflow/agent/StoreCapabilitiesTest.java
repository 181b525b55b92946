package dev.faasflow.agent;

import static dev.faasflow.agent.testing.AgentFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.auth.StoreCapabilities;
import dev.faasflow.agent.auth.StoreCapabilities.Verdict;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.agent.testing.AgentFixture;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A function reaches only its own invocation's keys, and only on the node whose agent ran it. */
class StoreCapabilitiesTest {

    @Test
    void aTokenGrantsOneInvocationOnOneNode() {
        ClusterKey key = ClusterKey.generate();
        StoreCapabilities a = StoreCapabilities.of(key, "node-a");
        String token = a.tokenFor("inv-1");
        assertEquals(token, StoreCapabilities.of(key, "node-a").tokenFor("inv-1"), "a restarted agent accepts it");
        assertEquals(Verdict.GRANTED, a.check("Bearer " + token, "inv-1"));
        assertEquals(Verdict.OTHER_INVOCATION, a.check("Bearer " + token, "inv-2"));
        assertEquals(Verdict.OTHER_INVOCATION, StoreCapabilities.of(key, "node-b").check("Bearer " + token, "inv-1"));
        assertEquals(Verdict.OTHER_INVOCATION, StoreCapabilities.of(ClusterKey.generate(), "node-a")
                .check("Bearer " + token, "inv-1"), "another installation's token");
        assertEquals(Verdict.OTHER_INVOCATION, a.check("Bearer not*base64", "inv-1"));
        assertEquals(Verdict.MISSING, a.check(null, "inv-1"));
        assertEquals(Verdict.MISSING, a.check(token, "inv-1"), "a token is sent as a bearer token");
        assertNotEquals(token, a.tokenFor("inv-2"));
        // Without a cluster key there are no tokens, as there is no key on the control calls.
        assertNull(StoreCapabilities.of(ClusterKey.none(), "node-a").tokenFor("inv-1"));
        assertEquals(Verdict.GRANTED, StoreCapabilities.none().check(null, "inv-1"));
    }

    @Test
    void functionsGetTheirTokenAndTheStoreRefusesEveryOtherCall() throws Exception {
        ClusterKey key = ClusterKey.generate();
        try (AgentFixture node = AgentFixture.start(AgentConfig.embedded("node-0").withClusterKey(key))) {
            Workflow wf = node.deploy("fan", TestWorkflows.FOREACH, 10);
            String id = "inv-" + UUID.randomUUID();
            InvocationContext ctx = new InvocationContext(id, wf.name(), node.coordinator().url(), 1,
                    Json.MAPPER.createObjectNode().put("width", 3), System.currentTimeMillis() + 30_000);
            await(node.client().trigger(node.agent().url(), new Trigger(ctx, "split", null, false, Map.of())));
            List<InvocationEvent> events = node.coordinator().await(id, 1, 20_000);
            assertEquals(InvocationEvent.SINK, events.get(0).type(), "every put carried the token: " + events);
            StoreCapabilities expected = StoreCapabilities.of(key, "node-0");
            List<RunRequest> runs = node.runtime().requestsFor("each");
            assertEquals(3, runs.size());
            for (RunRequest r : runs) {
                assertEquals(expected.tokenFor(id), r.storeToken(), "the run request carries its invocation's token");
                assertTrue(!r.toString().contains(r.storeToken()), "a logged request does not show the token");
            }

            WebClient raw = WebClient.create(node.vertx());
            String value = node.agent().storeUrl() + "/v1/store/" + id + "/piece%230";
            String other = "inv-" + UUID.randomUUID();
            String stranger = StoreCapabilities.of(key, "node-1").tokenFor(id);
            for (String method : List.of("GET", "PUT")) {
                HttpResponse<Buffer> none = send(raw, method, value, null);
                assertEquals(401, none.statusCode(), none.bodyAsString());
                assertTrue(none.bodyAsString().contains("needs the invocation's store token"), none.bodyAsString());
                HttpResponse<Buffer> others = send(raw, method, value, expected.tokenFor(other));
                assertEquals(403, others.statusCode(), others.bodyAsString());
                assertTrue(others.bodyAsString().contains("does not grant invocation '" + id + "'"), others.bodyAsString());
                assertEquals(403, send(raw, method, value, stranger).statusCode(), "another node's token");
                assertEquals(403, send(raw, method, value, key.secret()).statusCode(), "the cluster key is no token");
            }
            // The refused PUTs changed nothing; the invocation's own token reads the value its function wrote.
            HttpResponse<Buffer> own = send(raw, "GET", value, expected.tokenFor(id));
            assertEquals(200, own.statusCode(), own.bodyAsString());
            assertEquals("\"each#0\"", own.bodyAsString());
            await(node.client().cleanup(node.agent().url(), id));
        }
    }

    private static HttpResponse<Buffer> send(WebClient client, String method, String url, String token)
            throws Exception {
        HttpRequest<Buffer> request = method.equals("GET") ? client.getAbs(url) : client.putAbs(url);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        return await(request.sendBuffer(Buffer.buffer("overwritten?")));
    }
}
