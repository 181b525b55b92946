package dev.faasflow.processes;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.CoordinatorConfig;
import dev.faasflow.coordinator.Shutdown;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.coordinator.gateway.ApiKeys;
import dev.faasflow.coordinator.gateway.Gateway;
import dev.faasflow.coordinator.gateway.Namespaces;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
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
 * The coordinator of a process cluster as its own process: the coordinator (its events endpoint for the agents,
 * MasterSP engine), its remote-tier client and the users' gateway ({@link Gateway}, namespace {@code default},
 * mounted as the embedded launcher mounts it), plus the launcher's {@link ControlEndpoint} on the gateway's port.
 * Prints one {@value ProcessLines#READY} line when it serves. Exit status: 1 it cannot start, 2 bad usage.
 */
@Command(name = "faasflow-coordinator", sortOptions = false, showDefaultValues = true, mixinStandardHelpOptions = true,
        description = "A process cluster's coordinator: gateway, events endpoint, MasterSP engine, remote-tier client.")
public final class CoordinatorMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorMain.class);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind and advertise.")
    String host;

    @Option(names = "--gateway-port", defaultValue = "8080", description = "The gateway's (and control endpoint's) port.")
    int gatewayPort;

    @Option(names = "--events-port", defaultValue = "7071", description = "Port of the agents' events endpoint.")
    int eventsPort;

    @Option(names = "--redis", required = true, paramLabel = "redis://HOST:PORT", description = "The remote tier.")
    String redis;

    @Option(names = "--state-dir", required = true, paramLabel = "DIR",
            description = "Where deployments are kept, to install them again after a restart.")
    Path stateDir;

    @Option(names = "--max-in-flight", defaultValue = "" + CoordinatorConfig.DEFAULT_MAX_IN_FLIGHT,
            description = "Invocations running at once; more wait, Pending.")
    int maxInFlight;

    @Option(names = "--no-probe", description = "MasterSP skips the artifact's per-function probe of every worker.")
    boolean noProbe;

    @Option(names = "--function-timeout-ms", defaultValue = "60000", description = "MasterSP's wait for one function.")
    long functionTimeoutMillis;

    @Option(names = "--exit-with", defaultValue = "0", paramLabel = "PID", description = "Exit when this process is gone.")
    long exitWith;

    public static void main(String[] args) {
        Mains.execute("faasflow-coordinator", new CommandLine(new CoordinatorMain()), args);
    }

    @Override
    public Integer call() throws Exception {
        ParentWatch.start(exitWith);
        RemoteTier remote = RedisRemoteTier.connect(EmbeddedCluster.redisConfig(redis));
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32).setBlockedThreadCheckInterval(10_000));
        try {
            FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.RAW), remote);
            CoordinatorConfig config = new CoordinatorConfig(host, eventsPort, host, !noProbe, functionTimeoutMillis)
                    .withAdmission(maxInFlight, CoordinatorConfig.DEFAULT_MAX_WAITING)
                    .withClusterKey(ClusterKey.fromEnvironment(System.getenv()));
            Coordinator coordinator = Coordinator.start(vertx, config, store).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            ControlEndpoint control = new ControlEndpoint(coordinator, stateDir);
            // Kept deployments first: a restarted gateway must not answer "no workflow" for one it had.
            control.installKept();
            // Then what a killed coordinator left open (its records are in Redis): resumed, admitted again or ended
            // with a reason, as a new operator leader does.
            coordinator.recover().get(60, TimeUnit.SECONDS);
            Router router = Router.router(vertx);
            new Gateway(coordinator, Namespaces.single(EmbeddedCluster.NAMESPACE), InvokeOptions.defaults(),
                    gatewayKeys(System.getenv())).mount(router);
            control.mount(router, config.clusterKey());
            HttpServer server = SlowClientGuard.create(vertx, new HttpServerOptions().setTcpNoDelay(true), router,
                            ServerTimeouts.fromEnvironment())
                    .listen(gatewayPort, host).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Shutdown.close(vertx, remote),
                    "faasflow-coordinator-shutdown"));
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("role", "coordinator");
            ready.put("gateway", "http://" + host + ":" + server.actualPort());
            ready.put("events", coordinator.url());
            ready.put("pid", ProcessHandle.current().pid());
            ProcessLines.print(System.out, ProcessLines.READY, ready);
            LOG.info("coordinator serving the gateway at http://{}:{}, events at {}, remote tier {}", host,
                    server.actualPort(), coordinator.url(), remote.describe());
            return 0;
        } catch (Exception e) {
            Shutdown.close(vertx, remote);
            throw e;
        }
    }

    /** The gateway's API keys from {@value ApiKeys#ENV}; the process refuses to serve an open gateway. */
    static ApiKeys gatewayKeys(java.util.Map<String, String> env) {
        String keys = env.get(ApiKeys.ENV);
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException(ApiKeys.ENV + " is not set: the coordinator's gateway needs at least one"
                    + " API key (the launcher generates one per run)");
        }
        return ApiKeys.parse(keys, null);
    }
}
