package dev.faasflow.processes;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.coordinator.Shutdown;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.InProcessFunctionTransport;
import dev.faasflow.embedded.InProcessStoreClient;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.functions.StoreClients;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.workflow.DataMode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * One simulated worker node of a process cluster as its own process: its agent (with the node's FaaStore local tier)
 * and its function runtime, either in this process or as a child process that this one restarts when it dies (as
 * a kubelet restarts a crashed container), so that a fault can kill the runtime alone. Prints one {@value
 * ProcessLines#READY} line when it serves, and a {@value ProcessLines#RUNTIME} line each time a child runtime starts.
 */
@Command(name = "faasflow-node", sortOptions = false, showDefaultValues = true, mixinStandardHelpOptions = true,
        description = "A process cluster's worker node: agent, node memory and function runtime.")
public final class NodeMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

    /** Where the function runtime runs. */
    enum RuntimeMode { in_process, process }

    @Option(names = "--node", required = true, description = "The node's name, as the plan names it.")
    String node;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the agent binds and advertises.")
    String host;

    @Option(names = "--agent-port", defaultValue = "7070", description = "The agent's port.")
    int agentPort;

    @Option(names = "--runtime", defaultValue = "in_process", description = "in_process, or process: a child process.")
    RuntimeMode runtime;

    @Option(names = "--runtime-port", defaultValue = "0", description = "The function runtime's loopback port (0: any).")
    int runtimePort;

    @Option(names = "--runtime-log", paramLabel = "FILE", description = "Log of a child runtime (default: discarded).")
    Path runtimeLog;

    @Option(names = "--redis", required = true, paramLabel = "redis://HOST:PORT", description = "The remote tier.")
    String redis;

    @Option(names = "--node-memory-bytes", defaultValue = "-1", description = "Local-tier capacity (-1: half the heap).")
    long nodeMemoryBytes;

    @Option(names = "--quota-bytes", defaultValue = "-1", description = "Every workflow's local quota (-1: the paper's formula).")
    long quotaBytes;

    @Option(names = "--function-timeout-ms", defaultValue = "60000", description = "A function's longest run.")
    long functionTimeoutMillis;

    @Option(names = "--cold-start-ms", defaultValue = "0", description = "Cost of starting a function instance.")
    long coldStartMillis;

    @Option(names = "--store-over-http", description = "Functions reach the store over HTTP even when in this process.")
    boolean storeOverHttp;

    @Option(names = "--in-process-calls", description = "The agent hands run requests to the in-process runtime directly.")
    boolean inProcessCalls;

    @Option(names = "--exit-with", defaultValue = "0", paramLabel = "PID", description = "Exit when this process is gone.")
    long exitWith;

    public static void main(String[] args) {
        Mains.execute("faasflow-node", new CommandLine(new NodeMain()).setCaseInsensitiveEnumValuesAllowed(true), args);
    }

    @Override
    public Integer call() throws Exception {
        ParentWatch.start(exitWith);
        if (inProcessCalls && runtime == RuntimeMode.process) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--in-process-calls needs --runtime in_process");
        }
        RemoteTier remote = RedisRemoteTier.connect(EmbeddedCluster.redisConfig(redis));
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(64).setBlockedThreadCheckInterval(10_000));
        RuntimeChild child = null;
        try {
            StoreConfig storeConfig = StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED)
                    .withNodeCapacityBytes(nodeMemoryBytes >= 0 ? nodeMemoryBytes : Runtime.getRuntime().maxMemory() / 2);
            if (quotaBytes >= 0) {
                storeConfig = storeConfig.withQuotaOverrideBytes(quotaBytes);
            }
            FaaStore store = new FaaStore(storeConfig, remote);
            String runtimeUrl;
            InProcessFunctionTransport calls = inProcessCalls ? new InProcessFunctionTransport() : null;
            FunctionServer server = null;
            if (runtime == RuntimeMode.process) {
                child = RuntimeChild.start(runtimePort, runtimeLog);
                runtimeUrl = child.url();
            } else {
                server = new FunctionServer(BenchmarkFunctions.registry());
                int port = server.start("127.0.0.1", runtimePort);
                runtimeUrl = "http://127.0.0.1:" + port;
                if (calls != null) {
                    calls.register(runtimeUrl, server.runtime());
                }
            }
            AgentConfig config = new AgentConfig(node, host, agentPort, host, functionTimeoutMillis, coldStartMillis,
                    600_000, 512L * 1024 * 1024).withClusterKey(ClusterKey.fromEnvironment(System.getenv()));
            Agent agent = Agent.start(vertx, config, store, (wf, fn) -> runtimeUrl, calls).toCompletionStage()
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (server != null && !storeOverHttp) {
                StoreClients.registerInProcess(agent.storeUrl(), new InProcessStoreClient(store));
            }
            RuntimeChild started = child;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started != null) {
                    started.close();
                }
                Shutdown.close(vertx, remote);
            }, "faasflow-node-shutdown"));
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("role", "node");
            ready.put("node", node);
            ready.put("agent", agent.url());
            ready.put("runtime", runtimeUrl);
            ready.put("pid", ProcessHandle.current().pid());
            if (child != null) {
                ready.put("runtimePid", child.pid());
            }
            ProcessLines.print(System.out, ProcessLines.READY, ready);
            LOG.info("node {}: agent at {}, function runtime at {} ({}), remote tier {}", node, agent.url(), runtimeUrl,
                    runtime == RuntimeMode.process ? "child process" : "in this process", remote.describe());
            return 0;
        } catch (Exception e) {
            if (child != null) {
                child.close();
            }
            Shutdown.close(vertx, remote);
            throw e;
        }
    }
}
