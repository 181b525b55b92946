package dev.faasflow.agent;

import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.Trigger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentClientTest {
    private static Vertx vertx;
    private static AgentClient client;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        client = new AgentClient(vertx, WebClient.create(vertx));
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A loopback port nobody listens on (for now). */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A trigger of invocation inv-1, due {@code inMillis} from now. */
    private static Trigger dueIn(long inMillis) {
        return new Trigger(new InvocationContext("inv-1", "wf", "http://127.0.0.1:1", 1, null,
                System.currentTimeMillis() + inMillis), "f", null, false, Map.of());
    }

    private static Trigger trigger() {
        return new Trigger(new InvocationContext("inv-1", "wf", "http://127.0.0.1:1", 1, null, 0), "f", null, false, Map.of());
    }

    @Test
    void aTriggerThatFailsOnceIsSentAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response()
                .setStatusCode(calls.incrementAndGet() == 1 ? 503 : 202).end())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client.trigger("http://127.0.0.1:" + server.actualPort(), trigger())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(2, calls.get());
        server.close();
    }

    @Test
    void anUnreachableAgentFailsOnceTheInvocationsDeadlineHasCome() throws Exception {
        int port = freePort();
        Trigger dueSoon = dueIn(1_500);
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.trigger("http://127.0.0.1:" + port,
                dueSoon).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().matches("(?s).*after [0-9]+ attempts.*"), e.getCause().getMessage());
    }

    @Test
    void anAgentThatComesBackGetsTheTrigger() throws Exception {
        int port = freePort();
        // Nobody listens for a second (an agent restarting), then the agent answers.
        Trigger later = dueIn(30_000);
        var sent = client.trigger("http://127.0.0.1:" + port, later).toCompletionStage().toCompletableFuture();
        Thread.sleep(1_000);
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            calls.incrementAndGet();
            req.response().setStatusCode(202).end();
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sent.get(30, TimeUnit.SECONDS);
        assertEquals(1, calls.get());
        server.close();
    }

    @Test
    void triggersAreSentAgainForAsLongAsAnAgentRestartsButNeverPastTheDeadline() {
        long now = 1_000_000;
        assertEquals(AgentClient.TRIGGER_PATIENCE, AgentClient.triggerRetry(now + 300_000, now).deadline());
        assertEquals(java.time.Duration.ofMillis(2_000), AgentClient.triggerRetry(now + 2_000, now).deadline());
        assertEquals(java.time.Duration.ofMillis(1), AgentClient.triggerRetry(now - 5, now).deadline());
        assertEquals(-1, AgentClient.TRIGGER_RETRY.maxAttempts());
    }

    @Test
    void aRefusedTriggerIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            calls.incrementAndGet();
            req.response().setStatusCode(404).end("{\"error\":\"unknown workflow\"}");
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class, () -> client.trigger("http://127.0.0.1:" + server.actualPort(), trigger())
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(1, calls.get());
        server.close();
    }
}
