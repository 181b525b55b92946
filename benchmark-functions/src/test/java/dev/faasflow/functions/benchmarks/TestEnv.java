package dev.faasflow.functions.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.RunRequests;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.Json;
import dev.faasflow.functions.testing.TestServers;
import dev.faasflow.functions.testing.TestServers.Reply;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.Vertx;

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
    static final TestServers SERVERS = TestServers.start(REGISTRY);
    static final String STORE_URL;
    private static final Map<String, Workflow> WORKFLOWS = new ConcurrentHashMap<>();

    static {
        try {
            STORE_URL = "http://127.0.0.1:" + STORE.start(VERTX);
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

    /** Runs a request on the lenient server. */
    static Reply run(RunRequest request) {
        return TestServers.run(SERVERS.port(), request);
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
