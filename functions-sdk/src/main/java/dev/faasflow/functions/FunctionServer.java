package dev.faasflow.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faasflow.contract.ContractJson;
import dev.faasflow.contract.ContractViolation;
import dev.faasflow.contract.RunError;
import dev.faasflow.contract.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The function server: {@code POST /v1/run}, {@code GET /v1/health}, {@code GET /v1/functions} (see the function
 * contract), on the JDK's own HTTP server ({@code com.sun.net.httpserver}, HTTP/1.1 with keep-alive), so a
 * function's jar needs no HTTP library. Each request is handled on a thread of the server's pool, which grows on
 * demand; a run executes on that thread (runs beyond {@code maxConcurrentRuns} are refused with 503 first).
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
 * {@code "<function>: <message>"}), 503 (too many runs in flight). Never a stack trace.
 */
public final class FunctionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionServer.class);

    static {
        // Settings of the JDK server, read once when its configuration class loads; a value given on the command
        // line wins. It writes a response's headers and body separately: without TCP_NODELAY the body of a small
        // answer waits for the peer's delayed ACK (tens of milliseconds per call). Idle keep-alive connections
        // are closed after 90 s, later than callers drop theirs (the agent: 60 s), so a caller never sends a run
        // on a connection the server is closing; and up to 4096 of them stay open (the JDK's default, 200, is
        // fewer than the agents of an embedded cluster keep to one shared server).
        // Slow clients are cut as on every other server of the project (the same variables): a request whose headers
        // and body have not all arrived within the body-read timeout (60 s) has its connection closed, and so has
        // a connection idle for the idle timeout; a run that takes longer is not cut (the clock stops once the
        // request is read). The JDK's timer looks every clockTick, 10 s by default: 1 s here.
        defaultProperty("sun.net.httpserver.nodelay", "true");
        defaultProperty("sun.net.httpserver.idleInterval", seconds("FAASFLOW_HTTP_IDLE_TIMEOUT_SECONDS", "90"));
        defaultProperty("sun.net.httpserver.maxReqTime", seconds("FAASFLOW_HTTP_BODY_TIMEOUT_SECONDS", "60"));
        defaultProperty("sun.net.httpserver.clockTick", "1000");
        defaultProperty("sun.net.httpserver.maxIdleConnections", "4096");
    }

    /** Whole seconds (at least 1) from an environment variable, else the fallback. */
    private static String seconds(String variable, String fallback) {
        String text = System.getenv(variable);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.toString(Math.max(1, Math.round(Double.parseDouble(text.trim()))));
        } catch (NumberFormatException e) {
            LOG.warn("{} is not a number of seconds ({}): using {} s", variable, text, fallback);
            return fallback;
        }
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private final FunctionRegistry registry;
    private final FunctionServerOptions options;
    private HttpServer server;
    private ExecutorService exchanges;
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
        HttpServer created = HttpServer.create(new InetSocketAddress(host, port), 1024);
        AtomicInteger ids = new AtomicInteger();
        exchanges = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faasflow-function-http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        stores = new StoreClients(options.storeTimeout());
        runtime = new FunctionRuntime(registry, stores::forEndpoint, options.strict(), options.maxConcurrentRuns());
        created.createContext("/", this::handle);
        created.setExecutor(exchanges);
        created.start();
        server = created;
        return created.getAddress().getPort();
    }

    /** The bound port, or −1 when not started. */
    public synchronized int port() {
        return server == null ? -1 : server.getAddress().getPort();
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
        HttpServer s = server;
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
        s.stop(0);
        runtime.close();
        exchanges.shutdown();
        stores.close();
    }

    // ------------------------------------------------------------------ handlers

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/v1/run" -> {
                    if (method.equals("POST")) {
                        run(exchange);
                    } else {
                        error(exchange, 405, "method not allowed: " + method + " " + path + " (use POST)", null);
                    }
                }
                case "/v1/health" -> {
                    if (method.equals("GET")) {
                        health(exchange);
                    } else {
                        error(exchange, 405, "method not allowed: " + method + " " + path + " (use GET)", null);
                    }
                }
                case "/v1/functions" -> {
                    if (method.equals("GET")) {
                        functions(exchange);
                    } else {
                        error(exchange, 405, "method not allowed: " + method + " " + path + " (use GET)", null);
                    }
                }
                default -> error(exchange, 404, "no such endpoint: " + method + " " + path, null);
            }
        } catch (IOException e) {
            // The caller went away or sent garbage: there is no one to answer.
            LOG.debug("connection from {} ended: {}", exchange.getRemoteAddress(), e.toString());
        } catch (RuntimeException e) {
            // A bug, not a function's failure (those are answered as 500 by run): the trace says where.
            LOG.error("unexpected failure serving {}", exchange.getRequestURI(), e);
            try {
                error(exchange, 500, "internal error: " + FunctionRuntime.describe(e), null);
            } catch (IOException | RuntimeException ignored) {
                // the answer may already have started
            }
        }
    }

    private void run(HttpExchange exchange) throws IOException {
        long max = options.maxRequestBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > max) {
            error(exchange, 413, "request body larger than " + max + " bytes", null);
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        }
        if (body.length > max) {
            error(exchange, 413, "request body larger than " + max + " bytes", null);
            return;
        }
        if (body.length == 0) {
            error(exchange, 400, "bad request: empty body (expected a JSON run request)", "$");
            return;
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            error(exchange, 400, "bad request: body is not valid JSON" + (loc == null ? "" : " at line "
                    + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage(), "$");
            return;
        }
        RunRequest request;
        try {
            request = RunRequest.parse(json);
        } catch (ContractViolation e) {
            error(exchange, 400, e.getMessage(), e.field());
            return;
        }
        try {
            reply(exchange, 200, runtime.run(request));
        } catch (RunFailure f) {
            error(exchange, f.status(), f.getMessage(), null);
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the JDK server itself refuses a malformed length
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", "UP");
        body.put("running", runtime.running());
        reply(exchange, 200, body);
    }

    private void functions(HttpExchange exchange) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var list = body.putArray("functions");
        registry.names().forEach(list::add);
        body.put("fallback", options.strict() ? null : registry.fallbackName());
        body.put("strict", options.strict());
        reply(exchange, 200, body);
    }

    private static void error(HttpExchange exchange, int status, String message, String field) throws IOException {
        reply(exchange, status, new RunError(message, field));
    }

    /** Writes a contract record (or a JSON tree) as the answer. */
    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = ContractJson.write(body);
        } catch (IllegalStateException e) {
            bytes = ContractJson.write(new RunError("response cannot be encoded"));
            status = 500;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
