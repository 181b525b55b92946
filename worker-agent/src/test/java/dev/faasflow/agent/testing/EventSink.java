package dev.faasflow.agent.testing;

import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for the coordinator in agent tests: records the events agents report, per invocation. */
public final class EventSink implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, List<InvocationEvent>> events;
    private final AtomicInteger toRefuse;
    private final AtomicInteger refusedWith;
    private final AtomicInteger refused;

    private EventSink(HttpServer server, Map<String, List<InvocationEvent>> events, AtomicInteger toRefuse,
                      AtomicInteger refusedWith, AtomicInteger refused) {
        this.server = server;
        this.events = events;
        this.toRefuse = toRefuse;
        this.refusedWith = refusedWith;
        this.refused = refused;
    }

    public static EventSink start(Vertx vertx) throws Exception {
        Map<String, List<InvocationEvent>> events = new ConcurrentHashMap<>();
        AtomicInteger toRefuse = new AtomicInteger();
        AtomicInteger refusedWith = new AtomicInteger(503);
        AtomicInteger refused = new AtomicInteger();
        Router router = Router.router(vertx);
        router.post("/v1/invocations/:id/events").handler(BodyHandler.create(false)).handler(rc -> {
            if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refused.incrementAndGet(); // as a coordinator that is down, recovering, or done with it would answer
                rc.response().setStatusCode(refusedWith.get()).end();
                return;
            }
            try {
                InvocationEvent event = Json.MAPPER.readValue(rc.body().asString(), InvocationEvent.class);
                events.computeIfAbsent(rc.pathParam("id"), k -> new CopyOnWriteArrayList<>()).add(event);
                rc.response().setStatusCode(202).end();
            } catch (Exception e) {
                rc.response().setStatusCode(400).end();
            }
        });
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new EventSink(server, events, toRefuse, refusedWith, refused);
    }

    /** Answers the next {@code count} events with {@code status} without recording them. */
    public void refuseNext(int count, int status) {
        refusedWith.set(status);
        toRefuse.set(count);
    }

    /** How many events were refused so far. */
    public int refused() {
        return refused.get();
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Waits (bounded) until {@code count} events of the invocation have arrived, and returns them. */
    public List<InvocationEvent> await(String invocation, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<InvocationEvent> now = events.getOrDefault(invocation, List.of());
            if (now.size() >= count) {
                return List.copyOf(now);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("expected " + count + " events of " + invocation + ", got "
                + events.getOrDefault(invocation, List.of()));
    }

    @Override
    public void close() {
        server.close();
    }
}
