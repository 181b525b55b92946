package dev.faasflow.httpserver;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts off slow clients of one HTTP server (see {@link ServerTimeouts}); requests it cannot even read are refused
 * in JSON ({@link MalformedRequests}).
 *
 * <p>Vert.x's own idle timeout is not used: it counts any byte as activity (a client trickling its headers or body
 * one byte at a time is never idle) and it would close a connection whose request is legitimately being answered
 * for minutes (a function run). Here a connection is idle only while no request is in flight, and a request's body
 * has its own deadline. Everything for one connection runs on its event loop, so its state needs no locks.
 *
 * <pre>{@code
 * SlowClientGuard.create(vertx, new HttpServerOptions(), router, ServerTimeouts.fromEnvironment()).listen(port, host);
 * }</pre>
 */
public final class SlowClientGuard {
    private final Vertx vertx;
    private final ServerTimeouts timeouts;
    private final Map<HttpConnection, Connection> connections = new ConcurrentHashMap<>();

    /** Per connection: requests in flight and the idle timer armed while there are none. */
    private static final class Connection {
        int inFlight;
        long idleTimer = -1;
    }

    private SlowClientGuard(Vertx vertx, ServerTimeouts timeouts) {
        this.vertx = vertx;
        this.timeouts = timeouts;
    }

    /**
     * An HTTP/1.1 server with {@code options} whose requests {@code router} serves, guarded: idle connections are
     * closed, slow bodies cut off, undecodable requests answered in JSON. Cleartext HTTP/2 is off (the project
     * speaks HTTP/1.1): with it on, Vert.x makes a connection only once its first bytes are read, so a client that
     * connects and sends nothing could never be timed out.
     */
    public static HttpServer create(Vertx vertx, HttpServerOptions options, Router router, ServerTimeouts timeouts) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions(options).setHttp2ClearTextEnabled(false));
        SlowClientGuard guard = new SlowClientGuard(vertx, timeouts);
        server.connectionHandler(guard::connected);
        MalformedRequests.answerInJson(server);
        router.route().order(Integer.MIN_VALUE).handler(guard::request);
        return server.requestHandler(router);
    }

    /**
     * Only the body-read deadline, for a router on a server this project does not create (the operator's Quarkus
     * HTTP server, whose idle timeout is its {@code quarkus.http.idle-timeout} setting).
     */
    public static void protectBodies(Vertx vertx, Router router, ServerTimeouts timeouts) {
        SlowClientGuard guard = new SlowClientGuard(vertx, timeouts);
        router.route().order(Integer.MIN_VALUE).handler(guard::request);
    }

    private void connected(HttpConnection connection) {
        Connection state = new Connection();
        connections.put(connection, state);
        connection.closeHandler(v -> {
            connections.remove(connection);
            disarm(state);
        });
        armIdle(connection, state);
    }

    private void armIdle(HttpConnection connection, Connection state) {
        disarm(state);
        state.idleTimer = vertx.setTimer(timeouts.idle().toMillis(), id -> {
            state.idleTimer = -1;
            if (state.inFlight == 0) {
                connection.close();
            }
        });
    }

    private void disarm(Connection state) {
        if (state.idleTimer >= 0) {
            vertx.cancelTimer(state.idleTimer);
            state.idleTimer = -1;
        }
    }

    private void request(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpConnection connection = request.connection();
        Connection state = connection == null ? null : connections.get(connection);
        if (state != null) {
            state.inFlight++;
            disarm(state);
            rc.addEndHandler(ar -> {
                state.inFlight--;
                if (state.inFlight == 0 && connections.containsKey(connection)) {
                    armIdle(connection, state);
                }
            });
        }
        if (!request.isEnded()) {
            long deadline = vertx.setTimer(timeouts.bodyRead().toMillis(), id -> {
                if (!request.isEnded()) {
                    cutOff(rc, connection);
                }
            });
            rc.addEndHandler(ar -> vertx.cancelTimer(deadline));
        }
        rc.next();
    }

    /** A 408 saying why (when nothing was answered yet), then the connection is closed: its body is abandoned. */
    private void cutOff(RoutingContext rc, HttpConnection connection) {
        HttpServerResponse response = rc.response();
        if (response.headWritten() || response.ended() || response.closed()) {
            close(connection);
            return;
        }
        response.setStatusCode(408).putHeader("content-type", "application/json").putHeader("connection", "close")
                .end(new JsonObject().put("error", "request body not received within "
                        + ServerTimeouts.seconds(timeouts.bodyRead()) + " (" + ServerTimeouts.BODY_READ_VARIABLE + ")").encode())
                .onComplete(ar -> close(connection));
    }

    private static void close(HttpConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }
}
