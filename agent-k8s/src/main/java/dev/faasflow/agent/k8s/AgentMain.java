package dev.faasflow.agent.k8s;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent of one node, run as a DaemonSet pod. From the environment (downward API):
 * <ul>
 *   <li>{@code NODE_NAME} (required): the node, as the plan names it ({@code spec.nodeName})</li>
 *   <li>{@code FAASFLOW_AGENT_ADVERTISED_HOST}: the address others reach this agent at, the node's IP with the
 *       chart's host port (stable across restarts); without it {@code POD_IP}; {@code POD_NAME}, {@code POD_NAMESPACE}:
 *       its pod, which it annotates with its URL so the operator can plan over it</li>
 *   <li>{@code FAASFLOW_AGENT_PORT} (7070), {@code FAASFLOW_REDIS} (the remote tier, e.g.
 *       {@code redis://faasflow-redis:6379}; without it an in-process stand-in, useful only on one node),
 *       {@code FAASFLOW_NODE_CAPACITY_BYTES} (local tier size; default half the heap),
 *       {@code FAASFLOW_QUOTA_BYTES} (every workflow's local memory quota; default the paper's formula),
 *       {@code FAASFLOW_FUNCTION_TIMEOUT_MS} (60000), {@code FAASFLOW_COLD_START_MS} (0),
 *       {@code FAASFLOW_SLOTS_PER_NODE} (120: the node's slots, which the operator plans with too)</li>
 * </ul>
 * Workflows arrive from the coordinator ({@code PUT /v1/workflows/{name}}); function endpoints come from the
 * group pods on this node ({@link PodFunctionEndpoints}).
 */
public final class AgentMain {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);
    public static final String ANNOTATION_AGENT_URL = "faasflow.dev/agent-url";
    public static final String ANNOTATION_AGENT_STARTED = "faasflow.dev/agent-started";
    /** The agent's requests to the API server name it: in the server's audit log, and for the test of its RBAC. */
    public static final String USER_AGENT = "faasflow-agent";

    private AgentMain() {
    }

    /** A running agent and what it holds. */
    public record Running(Vertx vertx, Agent agent, FaaStore store, RemoteTier remote, PodFunctionEndpoints endpoints)
            implements AutoCloseable {
        @Override
        public void close() {
            endpoints.close();
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down anyway
            }
            remote.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        KubernetesClient client = client(Config.autoConfigure(null));
        Running running;
        try {
            running = start(env, client);
        } catch (IllegalArgumentException e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("agent of node {} listening at {}, remote store: {}", running.agent().node(), running.agent().url(),
                running.store().remoteDescription());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            client.close();
        }, "faasflow-agent-shutdown"));
    }

    /** A client on {@code config} (the pod's service account, in a cluster) whose requests name the agent. */
    public static KubernetesClient client(Config config) {
        config.setUserAgent(USER_AGENT);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Starts the agent, watches this node's group pods and publishes the agent's URL on its own pod. */
    public static Running start(Map<String, String> env, KubernetesClient client) throws Exception {
        String node = required(env, "NODE_NAME");
        // The stable address (node IP + host port) when the chart gives one, else the pod IP.
        String advertised = env.getOrDefault("FAASFLOW_AGENT_ADVERTISED_HOST", "").isBlank()
                ? env.getOrDefault("POD_IP", "127.0.0.1") : env.get("FAASFLOW_AGENT_ADVERTISED_HOST");
        int port = integer(env, "FAASFLOW_AGENT_PORT", 7070);
        String redis = env.get("FAASFLOW_REDIS");
        long functionTimeout = integer(env, "FAASFLOW_FUNCTION_TIMEOUT_MS", 60_000);
        long coldStart = integer(env, "FAASFLOW_COLD_START_MS", 0);
        int slots = integer(env, "FAASFLOW_SLOTS_PER_NODE", AgentConfig.DEFAULT_SLOTS);
        if (slots < 1) {
            throw new IllegalArgumentException("FAASFLOW_SLOTS_PER_NODE must be at least 1, got " + slots);
        }
        StoreConfig storeConfig = storeConfig(env);
        ClusterKey key = ClusterKey.fromEnvironment(env); // before anything starts: its absence is a setup error
        String bind = env.getOrDefault("FAASFLOW_AGENT_HOST", "0.0.0.0");
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
        RemoteTier remote = redis == null || redis.isBlank() ? new InProcessRemoteTier()
                : RedisRemoteTier.connect(RedisConfig.parse(redis));
        FaaStore store = new FaaStore(storeConfig, remote);
        PodFunctionEndpoints endpoints = new PodFunctionEndpoints().watch(client, node);
        AgentConfig config = new AgentConfig(node, bind, port, advertised, functionTimeout, coldStart, 600_000,
                512L * 1024 * 1024, integer(env, "FAASFLOW_STATE_GRACE_MS", (int) AgentConfig.DEFAULT_STATE_GRACE_MILLIS),
                slots).withClusterKey(key);
        Agent agent;
        try {
            agent = Agent.start(vertx, config, store, endpoints).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            endpoints.close();
            vertx.close();
            remote.close();
            throw e;
        }
        Running running = new Running(vertx, agent, store, remote, endpoints);
        String pod = env.get("POD_NAME");
        String namespace = env.get("POD_NAMESPACE");
        if (pod != null && namespace != null) {
            publish(client, namespace, pod, agent.url());
        }
        return running;
    }

    /** Writes the agent's URL and start time on its pod: the operator plans over pods that have them. */
    public static void publish(KubernetesClient client, String namespace, String pod, String url) {
        String started = Instant.now().toString();
        client.pods().inNamespace(namespace).withName(pod).edit(p -> {
            if (p.getMetadata().getAnnotations() == null) {
                p.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
            }
            p.getMetadata().getAnnotations().put(ANNOTATION_AGENT_URL, url);
            p.getMetadata().getAnnotations().put(ANNOTATION_AGENT_STARTED, started);
            return p;
        });
    }

    /**
     * The node's store settings from the environment: {@code FAASFLOW_NODE_CAPACITY_BYTES} (default half the heap)
     * and {@code FAASFLOW_QUOTA_BYTES} (every workflow's local memory quota; empty or absent: the paper's formula,
     * as the operator plans with the same setting).
     */
    static StoreConfig storeConfig(Map<String, String> env) {
        StoreConfig config = StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED);
        Long capacity = bytes(env, "FAASFLOW_NODE_CAPACITY_BYTES");
        if (capacity != null) {
            config = config.withNodeCapacityBytes(capacity);
        }
        Long quota = bytes(env, "FAASFLOW_QUOTA_BYTES");
        if (quota != null) {
            config = config.withQuotaOverrideBytes(quota);
        }
        return config;
    }

    /** A byte count ≥ 0 from the environment, or null when unset or empty. */
    private static Long bytes(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of bytes ≥ 0, got '" + v + "'");
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is not set (give it from the downward API: spec.nodeName)");
        }
        return v;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }
}
