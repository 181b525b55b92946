package dev.faasflow.functions.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.RunRequests;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.functions.FunctionServerOptions;
import dev.faasflow.functions.Json;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store endpoint (served with Vert.x) and two function servers with the benchmark functions (replaying unknown
 * implementations, and strict) on loopback, shared by the test classes of this JVM.
 */
final class TestEnv {
    static final Vertx VERTX = Vertx.vertx();
    static final FakeStore STORE = new FakeStore();
    static final FunctionRegistry REGISTRY = BenchmarkFunctions.registry();
    static final FunctionServer SERVER = new FunctionServer(REGISTRY, new FunctionServerOptions());
    static final FunctionServer STRICT = new FunctionServer(REGISTRY, new FunctionServerOptions().strict(true));
    static final String STORE_URL;
    static final int PORT;
    static final int STRICT_PORT;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Workflow> WORKFLOWS = new ConcurrentHashMap<>();

    static {
        try {
            STORE_URL = "http://127.0.0.1:" + STORE.start(VERTX);
            PORT = SERVER.start("127.0.0.1", 0);
            STRICT_PORT = STRICT.start("127.0.0.1", 0);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestEnv() {
    }

    static String invocation() {
        return "inv-" + UUID.randomUUID();
    }

    static Workflow benchmark(String name) {
        return WORKFLOWS.computeIfAbsent(name, n -> {
            try {
                return Benchmarks.load(n);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A request builder for a benchmark function against the fake store, time scale 0. */
    static RunRequests.Builder request(String workflow, String function, String invocation) {
        return RunRequests.of(benchmark(workflow), function).invocation(invocation).store(STORE_URL)
                .destination("MEM").timeScale(0);
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    record Reply(int status, JsonNode body) {
        String error() {
            return body.path("error").asText(null);
        }
    }

    static Reply post(int port, String path, byte[] body) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply get(int port, String path) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a request on the lenient server. */
    static Reply run(RunRequest request) {
        return run(PORT, request);
    }

    static Reply run(int port, RunRequest request) {
        try {
            return post(port, "/v1/run", Json.MAPPER.writeValueAsBytes(request));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a request that must succeed and returns the response body. */
    static JsonNode ok(RunRequest request) {
        Reply r = run(request);
        if (r.status() != 200) {
            throw new AssertionError("run of " + request.displayName() + " answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    static JsonNode stored(String invocation, String key) {
        byte[] v = STORE.get(invocation, key);
        if (v == null) {
            throw new AssertionError("nothing stored under " + key);
        }
        try {
            return Json.MAPPER.readTree(v);
        } catch (Exception e) {
            throw new AssertionError("not JSON under " + key + ": " + e);
        }
    }

    static byte[] jsonBytes(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
