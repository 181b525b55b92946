package dev.faasflow.coordinator.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every gateway call is decided before it is served: an API key passes, another token goes to the next authority
 * (here one that answers 100 ms later from another thread, as a TokenReview does), and a refusal names its reason.
 */
class GatewayAuthTest {
    private static final String KEY = ApiKeys.generate();
    private static final List<GatewayAuth.Access> ASKED = new CopyOnWriteArrayList<>();
    private static Vertx vertx;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Knows one ServiceAccount token, whose user may do anything but in namespace "locked"; fails for "broken". */
    private static final GatewayAuth SLOW_AUTHORITY = (authorization, access) -> {
        ASKED.add(access);
        return CompletableFuture.supplyAsync(() -> {
            String token = GatewayAuth.bearer(authorization);
            if ("broken".equals(token)) {
                throw new IllegalStateException("TokenReview: connection refused");
            }
            if (!"sa-token".equals(token)) {
                return GatewayAuth.Decision.unauthenticated("the token was not accepted");
            }
            return access.namespace().equals("locked")
                    ? GatewayAuth.Decision.forbidden("alice", "user 'alice' may not " + access.verb()
                    + " invocations in namespace 'locked'")
                    : GatewayAuth.Decision.allow("alice");
        }, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
    };

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Namespaces any = new Namespaces() {
            @Override
            public String engineName(String namespace, String name) {
                return namespace + "." + name;
            }

            @Override
            public String namespaceOf(String engineName) {
                return engineName.substring(0, engineName.indexOf('.'));
            }

            @Override
            public String nameOf(String engineName) {
                return engineName.substring(engineName.indexOf('.') + 1);
            }
        };
        base = GatewayTest.serve(vertx, Router.router(vertx), any, ApiKeys.parse(KEY, SLOW_AUTHORITY)) + "/v1/namespaces/";
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAnswer(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        String error = new ObjectMapper().readTree(r.body()).path("error").asText();
        assertTrue(error.contains(fragment), "'" + fragment + "' not in: " + r.body());
    }

    @Test
    void aBodyThatArrivesWhileTheDecisionIsPendingIsReadAfterwards() throws Exception {
        // A megabyte sent at once: the gateway's own answer comes only once its body handler has read it all, after
        // the 100 ms decision (a lost chunk would leave the request hanging until the client's timeout).
        String big = "{\"input\": {\"pad\": \"" + "x".repeat(1 << 20) + "\"}}";
        assertAnswer(send("POST", "default/workflows/wf/invocations", "sa-token", big), 404, "no workflow 'wf'");
        assertAnswer(send("POST", "default/workflows/wf/invocations", KEY, "{not json"), 404, "no workflow 'wf'");
        assertTrue(ASKED.contains(new GatewayAuth.Access("default", "create")), ASKED.toString());
    }

    @Test
    void refusalsNameTheirReasonAndTheConnectionStaysUsable() throws Exception {
        HttpResponse<String> none = send("POST", "default/workflows/wf/invocations", null, "{\"input\": {}}");
        assertAnswer(none, 401, "the gateway needs a bearer token (Authorization: Bearer <ServiceAccount token or API key>)");
        assertEquals("Bearer realm=\"faasflow\"", none.headers().firstValue("www-authenticate").orElse(""));
        assertAnswer(send("GET", "default/invocations/inv-1", "guess", null), 401, "the token was not accepted");
        assertAnswer(send("DELETE", "locked/invocations/inv-1", "sa-token", null), 403,
                "user 'alice' may not delete invocations in namespace 'locked'");
        assertAnswer(send("POST", "locked/workflows/wf/invocations", "sa-token", "{\"input\": {}}"), 403,
                "may not create invocations");
        assertAnswer(send("GET", "default/invocations/inv-1/trace", "broken", null), 503,
                "cannot check who may get invocations now: TokenReview: connection refused");
        // Allowed calls reach the gateway's own answers, on the same keep-alive connections.
        assertAnswer(send("GET", "default/invocations/inv-1", "sa-token", null), 404, "no invocation");
        assertAnswer(send("DELETE", "default/invocations/inv-1", KEY, null), 404, "no invocation");
    }

    @Test
    void apiKeysAreLongAndBadOnesAreNamed() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.parse(KEY + "\nshort", null));
        assertTrue(shortKey.getMessage().contains("API key 2 must be at least 32 printable characters"),
                shortKey.getMessage());
        assertEquals(2, ApiKeys.parse(KEY + ",\n " + ApiKeys.generate() + "\n\n", null).size());
        assertEquals(0, ApiKeys.parse("  ", null).size());
    }
}
