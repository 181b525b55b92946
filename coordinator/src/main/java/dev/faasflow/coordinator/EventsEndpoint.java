package dev.faasflow.coordinator;

import dev.faasflow.agent.auth.ClusterKey;
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

import java.util.function.BiFunction;

/**
 * The coordinator's own HTTP server, internal to the engine: agents report sinks done and failures to
 * {@code POST /v1/invocations/{id}/events}. The answer is an acknowledgement agents retry until they get: 202 once the
 * event is in the invocation's record, 410 when the invocation is over (nothing more to report), 503 while the
 * coordinator cannot take it yet (it is recovering, or the record could not be written). (Users reach the engine
 * through the gateway, which is mounted on another router: the operator's HTTP port, or the embedded launcher's.)
 */
final class EventsEndpoint {
    private static final int BODY_LIMIT = 1 << 20;

    private EventsEndpoint() {
    }

    /**
     * Listens on {@code host:port}; each well-formed event goes to {@code onEvent(invocationId, event)}, whose future
     * gives the status to answer (202, 410 or 503).
     */
    static Future<HttpServer> listen(Vertx vertx, String host, int port, ClusterKey key,
                                     BiFunction<String, InvocationEvent, Future<Integer>> onEvent) {
        Router router = Router.router(vertx);
        router.post("/v1/invocations/:id/events").handler(key.guard())
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(rc -> {
                    InvocationEvent event;
                    try {
                        event = Json.MAPPER.readValue(rc.body().asString(), InvocationEvent.class);
                    } catch (Exception e) {
                        rc.response().setStatusCode(400).end("{\"error\":\"malformed event\"}");
                        return;
                    }
                    String id = rc.pathParam("id");
                    onEvent.apply(id, event).onComplete(ar -> {
                        int status = ar.succeeded() ? ar.result() : 503;
                        if (rc.response().ended()) {
                            return;
                        }
                        rc.response().setStatusCode(status);
                        if (status == 202) {
                            rc.response().end();
                        } else {
                            rc.response().putHeader("content-type", "application/json").end(Json.MAPPER.createObjectNode()
                                    .put("error", status == 410 ? "invocation " + id + " is over"
                                            : "the coordinator cannot take events of invocation " + id + " yet: retry")
                                    .toString());
                        }
                    });
                });
        return SlowClientGuard.create(vertx, new HttpServerOptions().setTcpNoDelay(true), router,
                ServerTimeouts.fromEnvironment()).listen(port, host);
    }
}
