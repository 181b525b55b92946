package dev.faasflow.operator;

import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.CoordinatorConfig;
import dev.faasflow.coordinator.Shutdown;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine the operator hosts: the coordinator (invocation start and completion, timeouts, MasterSP) on its
 * own Vert.x, with the remote tier (Redis, or an in-process stand-in when none is configured).
 */
public final class Engine implements EngineDeployer, AutoCloseable {
    private final Vertx vertx;
    private final RemoteTier remote;
    private final Coordinator coordinator;
    private final String remoteDescription;

    private Engine(Vertx vertx, RemoteTier remote, Coordinator coordinator, String remoteDescription) {
        this.vertx = vertx;
        this.remote = remote;
        this.coordinator = coordinator;
        this.remoteDescription = remoteDescription;
    }

    /**
     * @param redis Redis address(es) such as {@code redis://faasflow-redis:6379}, or null for the in-process
     *              stand-in (a single operator replica, tests)
     */
    public static Engine start(CoordinatorConfig config, String redis) throws Exception {
        return start(config, redis, new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** @param meters where the engine's invocation metrics go (the operator's /metrics) */
    public static Engine start(CoordinatorConfig config, String redis, io.micrometer.core.instrument.MeterRegistry meters)
            throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(16));
        RemoteTier remote = null;
        try {
            remote = redis == null || redis.isBlank() ? new InProcessRemoteTier()
                    : RedisRemoteTier.connect(RedisConfig.parse(redis));
            FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.RAW), remote);
            Coordinator coordinator = Coordinator.start(vertx, config, store, meters).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new Engine(vertx, remote, coordinator, redis == null || redis.isBlank()
                    ? "in-process stand-in" : remote.describe());
        } catch (Exception e) {
            if (remote != null) {
                remote.close();
            }
            vertx.close();
            throw e;
        }
    }

    /** The remote tier in use, for a person. */
    public String remoteDescription() {
        return remoteDescription;
    }

    public RemoteTier remote() {
        return remote;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public CompletableFuture<Void> deploy(Workflow workflow, Plan plan, Map<String, String> agentUrls, ControlMode mode,
                                          String planVersion, Set<String> onlyNodes) {
        return coordinator.deploy(workflow, plan, agentUrls, mode, planVersion, onlyNodes);
    }

    @Override
    public long inFlightUntil(String engineName, String planVersion) {
        return coordinator.inFlightUntil(engineName, planVersion);
    }

    @Override
    public long lastActiveMillis(String engineName) {
        return coordinator.lastActiveMillis(engineName);
    }

    @Override
    public void onInvocationStart(java.util.function.Consumer<String> listener) {
        coordinator.onInvocationStart(listener);
    }

    @Override
    public void undeploy(String engineName, Map<String, String> agentUrls) {
        coordinator.undeploy(engineName, agentUrls);
    }

    @Override
    public void close() {
        Shutdown.close(vertx, remote);
    }
}
