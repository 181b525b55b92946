package dev.faasflow.operator;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.coordinator.CoordinatorConfig;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.operator.invocation.InvocationController;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Everything the reconcilers and the gateway share, built once from the configuration: the engine
 * (coordinator + remote tier), the two controllers and the event recorder.
 */
@ApplicationScoped
public class OperatorRuntime {
    private static final Logger LOG = Logger.getLogger(OperatorRuntime.class);

    private final Engine engine;
    private final ClusterKey clusterKey;
    private final OperatorSettings settings;
    private final WorkflowController workflows;
    private final InvocationController invocations;
    private final ScheduledExecutorService timers;
    private final ExecutorService statusWriters;
    private volatile SharedIndexInformer<InvocationResource> invocationDeletions;
    private final WorkflowWakeups wakeups = new WorkflowWakeups();

    @Inject
    public OperatorRuntime(KubernetesClient client, MeterRegistry metrics, OperatorConfig config) throws Exception {
        this.settings = settings(config);
        OperatorConfig.Coordinator c = config.coordinator();
        String advertised = c.advertisedHost().filter(s -> !s.isBlank())
                .orElseGet(() -> Optional.ofNullable(System.getenv("POD_IP")).filter(s -> !s.isBlank()).orElse("127.0.0.1"));
        this.clusterKey = ClusterKey.of(config.clusterKey().filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalStateException(ClusterKey.ENV + " (faasflow.cluster-key) is not set: the operator and the"
                        + " agents need the same cluster key (the chart takes it from the Secret <release>-cluster-key)")));
        this.engine = Engine.start(new CoordinatorConfig(c.host(), c.port(), advertised, c.probeWorkers(),
                config.functionTimeoutMs()).withClusterKey(clusterKey), config.redis().filter(s -> !s.isBlank()).orElse(null),
                metrics == null ? new io.micrometer.core.instrument.composite.CompositeMeterRegistry() : metrics);
        EventRecorder events = new EventRecorder(client);
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("faasflow-invocation-ttl"));
        this.statusWriters = Executors.newFixedThreadPool(2, daemon("faasflow-invocation-status"));
        this.workflows = new WorkflowController(client, settings, engine, events, wakeups);
        this.invocations = new InvocationController(client, engine.coordinator(), workflows, settings, events,
                statusWriters, timers);
        LOG.infof("FaaSFlow coordinator at %s, remote store: %s, %d slots per agent node, memory quota: %s,"
                        + " defaults for Workflows that name none: %s, data %s",
                engine.coordinator().url(), engine.remoteDescription(), settings.slotsPerNode(),
                settings.quotaBytes() == null ? "the paper's formula" : settings.quotaBytes() + " bytes",
                settings.defaultControlMode().label(), settings.defaultDataMode().label());
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The settings from the configuration; a bad quota or mode stops the start, naming the setting. */
    static OperatorSettings settings(OperatorConfig config) {
        ControlMode control;
        DataMode data;
        String controlText = config.defaultControlMode().orElse("");
        String dataText = config.defaultDataMode().orElse("");
        try {
            control = controlText.isBlank() ? ControlMode.WORKER_SP : ControlMode.parse(controlText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("faasflow.default-control-mode: " + e.getMessage(), e);
        }
        try {
            data = dataText.isBlank() ? DataMode.OPTIMIZED : DataMode.parse(dataText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("faasflow.default-data-mode: " + e.getMessage(), e);
        }
        return new OperatorSettings(config.slotsPerNode(), config.functionImage(), config.functionBasePort(),
                config.agent().namespace().filter(s -> !s.isBlank()).orElse(null), config.agent().selector(),
                config.invocation().defaultTimeoutSeconds(), config.deployTimeoutMs(),
                OperatorSettings.parseQuota(config.quotaBytes().orElse(null)), control, data,
                config.agent().graceSeconds(),
                new OperatorSettings.PoolSizing(config.pods().runsPerPod(), config.pods().idleSeconds()),
                config.networkPolicy());
    }

    /** The key agents of this installation must share. */
    public ClusterKey clusterKey() {
        return clusterKey;
    }

    public Engine engine() {
        return engine;
    }

    public OperatorSettings settings() {
        return settings;
    }

    /** Wakes a Workflow's reconcile when an install it started has finished. */
    public WorkflowWakeups wakeups() {
        return wakeups;
    }

    public WorkflowController workflows() {
        return workflows;
    }

    public InvocationController invocations() {
        return invocations;
    }

    /**
     * This replica became the leader (or leads alone): the engine's work starts here. Called off the event loops.
     */
    public synchronized void becameLeader() {
        // Finishes what a previous leader left open (its records are in Redis): in the background, as agents and the
        // invocation controller wait for it (their events get "retry later" meanwhile). Only the leader recovers: a
        // standby that did would take over invocations the leader still runs. Calling it again is harmless.
        engine.coordinator().recover().whenComplete((summary, err) -> {
            if (err != null) {
                org.slf4j.LoggerFactory.getLogger(OperatorRuntime.class).warn(
                        "recovery of unfinished invocations failed: {}", err.getMessage());
            } else {
                org.slf4j.LoggerFactory.getLogger(OperatorRuntime.class).info("recovery: {}", summary);
            }
        });
        if (invocationDeletions == null) {
            invocationDeletions = invocations.watchDeletions();
        }
    }

    @PreDestroy
    void stop() {
        if (invocationDeletions != null) {
            invocationDeletions.stop();
        }
        timers.shutdownNow();
        statusWriters.shutdown();
        engine.close();
    }
}
