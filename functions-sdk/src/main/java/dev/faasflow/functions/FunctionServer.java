package dev.faasflow.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.contract.ContractJson;
import dev.faasflow.contract.ContractViolation;
import dev.faasflow.contract.RunError;
import dev.faasflow.contract.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * The function server: {@code POST /v1/run}, {@code GET /v1/health}, {@code GET /v1/functions}, {@code GET /metrics}
 * (Prometheus; see the function
 * contract), HTTP/1.1 with keep-alive on the SDK's own small blocking server ({@link BlockingHttpServer}), so a
 * function's jar needs no HTTP library. Each connection has a thread of the server's pool, which grows on demand; a
 * run executes on the thread of its connection (runs beyond {@code maxConcurrentRuns} are refused with 503 first).
 *
 * <pre>{@code
 * FunctionServer server = new FunctionServer(FunctionRegistry.discover(), new FunctionServerOptions());
 * int port = server.start("127.0.0.1", 0);
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Errors are {@code {"error": "..."}} with 400 (malformed request; also {@code "field"}), 404 (unknown
 * implementation, unknown path), 405 (wrong method), 413 (body too large), 500 (the function failed:
 * {@code "<function>: <message>"}), 503 (too many runs in flight); a request the HTTP server cannot read gets 400,
 * 414 (request line too long) or 431 (headers too large) and its connection closed. Never a stack trace.
 */
public final class FunctionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionServer.class);

    /**
     * Slow clients are cut as on every other server of the project (the same variables): a request whose headers and
     * body have not all arrived within the body-read timeout (60 s) has its connection closed, and so has a
     * connection idle for the idle timeout (90 s, later than callers drop theirs: the agent, 60 s; so a caller never
     * sends a run on a connection the server is closing). A run that takes longer is not cut (the clock stops once
     * the request is read). The JDK server's property names, which earlier versions used, still win when set.
     */
    static int idleTimeoutMillis() {
        return seconds("sun.net.httpserver.idleInterval", "FAASFLOW_HTTP_IDLE_TIMEOUT_SECONDS", 90) * 1000;
    }

    static int requestTimeoutMillis() {
        return seconds("sun.net.httpserver.maxReqTime", "FAASFLOW_HTTP_BODY_TIMEOUT_SECONDS", 60) * 1000;
    }

    /** Whole seconds (at least 1) from a system property, else an environment variable, else the fallback. */
    private static int seconds(String property, String variable, int fallback) {
        String fromProperty = System.getProperty(property);
        String text = fromProperty != null ? fromProperty : System.getenv(variable);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return (int) Math.min(Integer.MAX_VALUE / 1000, Math.max(1, Math.round(Double.parseDouble(text.trim()))));
        } catch (NumberFormatException e) {
            LOG.warn("{} is not a number of seconds ({}): using {} s", fromProperty != null ? property : variable,
                    text, fallback);
            return fallback;
        }
    }

    private final FunctionRegistry registry;
    private final FunctionServerOptions options;
    private BlockingHttpServer server;
    private StoreClients stores;
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
     * @throws IOException when it cannot listen there (the port is taken, the address is not local)
     */
    public synchronized int start(String host, int port) throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started on port " + port());
        }
        stores = new StoreClients(options.storeTimeout());
        runtime = new FunctionRuntime(registry, stores::forEndpoint, options.strict(), options.maxConcurrentRuns());
        BlockingHttpServer created = new BlockingHttpServer(this::handle,
                (status, message) -> ContractJson.write(new RunError(message)), options.maxRequestBytes(),
                idleTimeoutMillis(), requestTimeoutMillis());
        int bound;
        try {
            bound = created.start(host, port);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            stores.close();
            throw e;
        }
        server = created;
        return bound;
    }

    /** The bound port, or −1 when not started. */
    public synchronized int port() {
        return server == null ? -1 : server.port();
    }

    /** The runtime behind the server (null before start): embedding code may run requests directly. */
    public FunctionRuntime runtime() {
        return runtime;
    }

    /** Stops listening and closes every connection at once; runs in flight are cut off. */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    /** Stops listening, lets the runs in flight finish for up to {@code grace}, then closes every connection. */
    public synchronized void stop(Duration grace) {
        BlockingHttpServer s = server;
        if (s == null) {
            return;
        }
        server = null;
        long deadline = System.nanoTime() + grace.toNanos();
        while (runtime.running() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        s.close();
        runtime.close();
        stores.close();
    }

    // ------------------------------------------------------------------ handlers

    private HttpResponse handle(HttpRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            // A bug, not a function's failure (those are answered as 500 by run): the trace says where.
            LOG.error("unexpected failure serving {}", request.rawPath(), e);
            return error(500, "internal error: " + FunctionRuntime.describe(e), null);
        }
    }

    private HttpResponse route(HttpRequest request) {
        String path = request.rawPath();
        String method = request.method();
        return switch (path) {
            case "/v1/run" -> method.equals("POST") ? run(request)
                    : error(405, "method not allowed: " + method + " " + path + " (use POST)", null);
            case "/v1/health" -> method.equals("GET") ? health()
                    : error(405, "method not allowed: " + method + " " + path + " (use GET)", null);
            case "/v1/functions" -> method.equals("GET") ? functions()
                    : error(405, "method not allowed: " + method + " " + path + " (use GET)", null);
            case "/metrics" -> method.equals("GET")
                    ? new HttpResponse(200, runtime.metrics().scrape(), "text/plain; version=0.0.4; charset=utf-8")
                    : error(405, "method not allowed: " + method + " " + path + " (use GET)", null);
            default -> error(404, "no such endpoint: " + method + " " + path, null);
        };
    }

    private HttpResponse run(HttpRequest http) {
        byte[] body = http.body();
        if (body.length == 0) {
            return error(400, "bad request: empty body (expected a JSON run request)", "$");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            String where = "";
            if (e instanceof JsonProcessingException p && p.getLocation() != null) {
                where = " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr();
            }
            String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            return error(400, "bad request: body is not valid JSON" + where + ": " + message, "$");
        }
        RunRequest request;
        try {
            request = RunRequest.parse(json);
        } catch (ContractViolation e) {
            return error(400, e.getMessage(), e.field());
        }
        try {
            return reply(200, runtime.run(request));
        } catch (RunFailure f) {
            return error(f.status(), f.getMessage(), null);
        }
    }

    private HttpResponse health() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", "UP");
        body.put("running", runtime.running());
        return reply(200, body);
    }

    private HttpResponse functions() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var list = body.putArray("functions");
        registry.names().forEach(list::add);
        body.put("fallback", options.strict() ? null : registry.fallbackName());
        body.put("strict", options.strict());
        return reply(200, body);
    }

    private static HttpResponse error(int status, String message, String field) {
        return reply(status, new RunError(message, field));
    }

    /** A contract record (or a JSON tree) as the answer. */
    private static HttpResponse reply(int status, Object body) {
        try {
            return new HttpResponse(status, ContractJson.write(body));
        } catch (IllegalStateException e) {
            return new HttpResponse(500, ContractJson.write(new RunError("response cannot be encoded")));
        }
    }
}
