package dev.faasflow.functions;

import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.NoSuchValueException;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.functions.testing.TestServers;
import dev.faasflow.functions.testing.TestServers.Reply;
import dev.faasflow.workflow.DataMode;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A real agent (its store endpoint is what functions talk to), a registry of test functions, and two function
 * servers on loopback: one with a fallback, one strict. Shared by the test classes of this JVM.
 */
final class TestEnv {
    static final Vertx VERTX = Vertx.vertx();
    static final InProcessRemoteTier REMOTE = new InProcessRemoteTier();
    static final FaaStore STORE = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED), REMOTE);
    static final FunctionRegistry REGISTRY = new FunctionRegistry();
    /** Started once the registry holds the functions below. */
    static final TestServers SERVERS;
    static final String STORE_URL;

    static {
        REGISTRY.register("boom", ctx -> {
            throw new IllegalStateException("exploded on purpose");
        });
        REGISTRY.register("concat", ctx -> {
            StringBuilder sb = new StringBuilder();
            for (byte[] part : ctx.fetchList("parts")) {
                sb.append(new String(part, StandardCharsets.UTF_8)).append('|');
            }
            ctx.putString("joined", sb.toString());
        });
        REGISTRY.register("copy", ctx -> ctx.put("copy", ctx.fetch("original")));
        REGISTRY.register("undeclared", ctx -> ctx.putString("nope", "x"));
        REGISTRY.register("keys", ctx -> ctx.putString("names", ctx.inputText("value", "[]")));
        REGISTRY.register("wild/*", ctx -> { });
        REGISTRY.fallback("silent", ctx -> { });
        SERVERS = TestServers.start(REGISTRY);
        try {
            Agent agent = Agent.start(VERTX, AgentConfig.embedded("test-node"), STORE, (workflow, function) -> null)
                    .toCompletionStage().toCompletableFuture().get();
            STORE_URL = agent.storeUrl();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestEnv() {
    }

    static String invocation() {
        return "inv-" + UUID.randomUUID();
    }

    /** A request for {@code source} with the given declared inputs and outputs. */
    static RunRequest request(String source, String invocation, List<RunRequest.Input> inputs,
                              List<RunRequest.Output> outputs) {
        return new RunRequest("test", invocation, source + "-fn", source, null, null, null, null, 0, 0, STORE_URL,
                "DB", inputs, outputs, null);
    }

    /** Runs a request on the server with a fallback. */
    static Reply run(RunRequest request) {
        return TestServers.run(SERVERS.port(), request);
    }

    /** The value the agent's store holds, or null. */
    static byte[] stored(String invocation, String key) {
        try {
            return STORE.get(invocation, key).sharedArray();
        } catch (NoSuchValueException e) {
            return null;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof NoSuchValueException) {
                return null;
            }
            throw e;
        }
    }

    static void store(String invocation, String key, String value) {
        STORE.put(invocation, key, dev.faasflow.faastore.Blob.ofUtf8(value), dev.faasflow.workflow.Destination.DB);
    }
}
