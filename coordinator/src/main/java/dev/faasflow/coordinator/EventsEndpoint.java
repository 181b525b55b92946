package dev.faasflow.coordinator;

import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.BiConsumer;

/**
 * The coordinator's own HTTP server, internal to the engine: agents report sinks done and failures to
 * {@code POST /v1/invocations/{id}/events}. (Users reach the engine through the gateway, which is mounted on
 * another router: the operator's HTTP port, or the embedded launcher's.)
 */
final class EventsEndpoint {
    private static final int BODY_LIMIT = 1 << 20;

    private EventsEndpoint() {
    }

    /** Listens on {@code host:port}; each well-formed event goes to {@code onEvent(invocationId, event)}. */
    static Future<HttpServer> listen(Vertx vertx, String host, int port, BiConsumer<String, InvocationEvent> onEvent) {
        Router router = Router.router(vertx);
        router.post("/v1/invocations/:id/events").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(rc -> {
                    InvocationEvent event;
                    try {
                        event = Json.MAPPER.readValue(rc.body().asString(), InvocationEvent.class);
                    } catch (Exception e) {
                        rc.response().setStatusCode(400).end("{\"error\":\"malformed event\"}");
                        return;
                    }
                    rc.response().setStatusCode(202).end();
                    onEvent.accept(rc.pathParam("id"), event);
                });
        return SlowClientGuard.create(vertx, new HttpServerOptions().setTcpNoDelay(true), router,
                ServerTimeouts.fromEnvironment()).listen(port, host);
    }
}
