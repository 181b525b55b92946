package dev.faasflow.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.contract.ContractJson;
import dev.faasflow.contract.ContractViolation;
import dev.faasflow.contract.RunError;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * The function runtime's HTTP server: {@code POST /v1/run}, {@code GET /v1/health}, {@code GET /v1/functions}
 * (see the function contract). Request handling stays on the event loop only for parsing and answering;
 * functions run on the {@link FunctionRuntime}'s worker pool.
 *
 * <pre>{@code
 * FunctionServer server = new FunctionServer(FunctionRegistry.builtins(), new FunctionServerOptions());
 * int port = server.start(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture().join();
 * }</pre>
 *
 * <p>Errors are {@code {"error": "..."}} with 400 (malformed request; also {@code "field"}), 404 (unknown
 * implementation in strict mode, unknown path), 413 (body too large), 500 (the function failed:
 * {@code "<function>: <message>"}), 503 (too many runs in flight). Never a stack trace.
 */
public final class FunctionServer {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionServer.class);

    private final FunctionRegistry registry;
    private final FunctionServerOptions options;
    private volatile Vertx vertx;
    private volatile HttpServer server;
    private volatile StoreClients stores;
    private volatile FunctionRuntime runtime;

    public FunctionServer(FunctionRegistry registry) {
        this(registry, new FunctionServerOptions());
    }

    public FunctionServer(FunctionRegistry registry, FunctionServerOptions options) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts serving on {@code host:port} ({@code port} 0: an ephemeral port).
     *
     * @return the bound port
     */
    public synchronized Future<Integer> start(Vertx vertx, String host, int port) {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("already started on port " + server.actualPort()));
        }
        this.vertx = vertx;
        this.stores = new StoreClients(vertx, options.storePoolSize(), options.storeTimeout());
        this.runtime = new FunctionRuntime(registry, stores::forEndpoint, options.strict(),
                options.maxConcurrentRuns());
        Router router = Router.router(vertx);
        router.post("/v1/run").handler(BodyHandler.create(false).setBodyLimit(options.maxRequestBytes()));
        router.post("/v1/run").handler(this::run);
        router.get("/v1/health").handler(this::health);
        router.get("/v1/functions").handler(this::functions);
        router.errorHandler(404, rc -> error(rc, 404, "no such endpoint: " + rc.request().method() + " "
                + rc.request().path()));
        router.errorHandler(405, rc -> error(rc, 405, "method not allowed: " + rc.request().method() + " "
                + rc.request().path()));
        router.errorHandler(413, rc -> error(rc, 413, "request body larger than " + options.maxRequestBytes()
                + " bytes"));
        router.errorHandler(400, rc -> error(rc, 400, "bad request"));
        router.errorHandler(500, rc -> {
            if (rc.failure() != null) {
                // A bug, not a function's failure (those are answered by the runtime): the trace says where.
                LOG.error("unexpected failure serving {}", rc.request().path(), rc.failure());
            }
            error(rc, 500, "internal error: " + (rc.failure() == null ? "unknown"
                    : FunctionRuntime.describe(rc.failure())));
        });
        // No Vert.x idle timeout (it would cut a run that takes minutes): the guard closes only idle connections.
        HttpServer created = SlowClientGuard.create(vertx, new HttpServerOptions().setTcpNoDelay(true), router,
                ServerTimeouts.fromEnvironment());
        return created.listen(port, host).map(s -> {
            this.server = s;
            return s.actualPort();
        }).onFailure(t -> {
            runtime.close();
            stores.close();
        });
    }

    /** The bound port, or −1 when not started. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }

    /** The runtime behind the server (null before start): embedding code may run requests directly. */
    public FunctionRuntime runtime() {
        return runtime;
    }

    /** Stops listening and takes no more runs; runs in flight finish in the background. */
    public synchronized Future<Void> stop() {
        HttpServer s = server;
        server = null;
        if (s == null) {
            return Future.succeededFuture();
        }
        return s.close().onComplete(ar -> {
            runtime.close();
            stores.close();
        });
    }

    // ------------------------------------------------------------------ handlers

    private void run(RoutingContext rc) {
        Buffer body = rc.body().buffer();
        if (body == null || body.length() == 0) {
            error(rc, 400, "bad request: empty body (expected a JSON run request)", "$");
            return;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            error(rc, 400, "bad request: body is not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage(), "$");
            return;
        } catch (IOException e) {
            error(rc, 400, "bad request: body cannot be read: " + e.getMessage(), "$");
            return;
        }
        RunRequest request;
        try {
            request = RunRequest.parse(json);
        } catch (ContractViolation e) {
            error(rc, 400, e.getMessage(), e.field());
            return;
        }
        Context context = Vertx.currentContext();
        runtime.submit(request).whenComplete((response, failure) -> context.runOnContext(v -> {
            if (failure == null) {
                reply(rc, 200, response);
                return;
            }
            Throwable t = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (t instanceof RunFailure f) {
                error(rc, f.status(), f.getMessage());
            } else {
                error(rc, 500, request.displayName() + ": " + FunctionRuntime.describe(t));
            }
        }));
    }

    private void health(RoutingContext rc) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", "UP");
        body.put("running", runtime.running());
        reply(rc, 200, body);
    }

    private void functions(RoutingContext rc) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var list = body.putArray("functions");
        registry.names().forEach(list::add);
        body.put("fallback", options.strict() || registry.fallback() == null ? null : FunctionRegistry.REPLAY);
        body.put("strict", options.strict());
        reply(rc, 200, body);
    }

    private static void error(RoutingContext rc, int status, String message) {
        error(rc, status, message, null);
    }

    private static void error(RoutingContext rc, int status, String message, String field) {
        reply(rc, status, new RunError(message, field));
    }

    /** Writes a contract record (or a JSON tree) as the answer. */
    private static void reply(RoutingContext rc, int status, Object body) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = ContractJson.write(body);
        } catch (IllegalStateException e) {
            bytes = ContractJson.write(new RunError("response cannot be encoded"));
            status = 500;
        }
        rc.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(bytes));
    }
}
