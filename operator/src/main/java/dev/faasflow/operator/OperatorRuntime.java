package dev.faasflow.operator;

import dev.faasflow.coordinator.CoordinatorConfig;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything the reconcilers and the gateway share, built once from the configuration: the engine
 * (coordinator + remote tier), the two controllers and the event recorder.
 */
@ApplicationScoped
public class OperatorRuntime {
    private static final Logger LOG = Logger.getLogger(OperatorRuntime.class);

    private final Engine engine;
    private final OperatorSettings settings;
    private final WorkflowController workflows;
    private final InvocationController invocations;
    private final ScheduledExecutorService timers;
    private final SharedIndexInformer<InvocationResource> invocationDeletions;

    @Inject
    public OperatorRuntime(KubernetesClient client, MeterRegistry metrics,
                           @ConfigProperty(name = "faasflow.slots-per-node", defaultValue = "120") int slotsPerNode,
                           @ConfigProperty(name = "faasflow.function-image", defaultValue = OperatorSettings.DEFAULT_FUNCTION_IMAGE) String functionImage,
                           @ConfigProperty(name = "faasflow.function-base-port", defaultValue = "8080") int functionBasePort,
                           @ConfigProperty(name = "faasflow.agent.namespace") Optional<String> agentNamespace,
                           @ConfigProperty(name = "faasflow.agent.selector", defaultValue = OperatorSettings.DEFAULT_AGENT_SELECTOR) String agentSelector,
                           @ConfigProperty(name = "faasflow.invocation.default-timeout-seconds", defaultValue = "300") long defaultTimeout,
                           @ConfigProperty(name = "faasflow.deploy-timeout-ms", defaultValue = "30000") long deployTimeout,
                           @ConfigProperty(name = "faasflow.redis") Optional<String> redis,
                           @ConfigProperty(name = "faasflow.coordinator.host", defaultValue = "0.0.0.0") String host,
                           @ConfigProperty(name = "faasflow.coordinator.port", defaultValue = "9090") int port,
                           @ConfigProperty(name = "faasflow.coordinator.advertised-host") Optional<String> advertisedHost,
                           @ConfigProperty(name = "faasflow.coordinator.probe-workers", defaultValue = "true") boolean probeWorkers,
                           @ConfigProperty(name = "faasflow.function-timeout-ms", defaultValue = "60000") long functionTimeout,
                           @ConfigProperty(name = "faasflow.quota-bytes") Optional<String> quotaBytes,
                           @ConfigProperty(name = "faasflow.default-control-mode", defaultValue = "WorkerSP") String defaultControlMode,
                           @ConfigProperty(name = "faasflow.default-data-mode", defaultValue = "optimized") String defaultDataMode)
            throws Exception {
        this.settings = settings(slotsPerNode, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeout, deployTimeout, quotaBytes, defaultControlMode, defaultDataMode);
        String advertised = advertisedHost.filter(s -> !s.isBlank())
                .orElseGet(() -> Optional.ofNullable(System.getenv("POD_IP")).filter(s -> !s.isBlank()).orElse("127.0.0.1"));
        this.engine = Engine.start(new CoordinatorConfig(host, port, advertised, probeWorkers, functionTimeout),
                redis.filter(s -> !s.isBlank()).orElse(null));
        EventRecorder events = new EventRecorder(client);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faasflow-invocation-ttl");
            t.setDaemon(true);
            return t;
        });
        this.workflows = new WorkflowController(client, settings, engine, events);
        this.invocations = new InvocationController(client, engine.coordinator(), workflows, settings, events, timers, metrics);
        this.invocationDeletions = invocations.watchDeletions();
        LOG.infof("FaaSFlow coordinator at %s, remote store: %s, %d slots per agent node, memory quota: %s,"
                        + " defaults for Workflows that name none: %s, data %s",
                engine.coordinator().url(), engine.remoteDescription(), slotsPerNode,
                settings.quotaBytes() == null ? "the paper's formula" : settings.quotaBytes() + " bytes",
                settings.defaultControlMode().label(), settings.defaultDataMode().label());
    }

    /** The settings from the configuration's values; a bad quota or mode stops the start, naming the setting. */
    static OperatorSettings settings(int slotsPerNode, String functionImage, int functionBasePort,
                                     Optional<String> agentNamespace, String agentSelector, long defaultTimeout,
                                     long deployTimeout, Optional<String> quotaBytes, String defaultControlMode,
                                     String defaultDataMode) {
        ControlMode control;
        DataMode data;
        try {
            control = defaultControlMode == null || defaultControlMode.isBlank() ? ControlMode.WORKER_SP
                    : ControlMode.parse(defaultControlMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("faasflow.default-control-mode: " + e.getMessage(), e);
        }
        try {
            data = defaultDataMode == null || defaultDataMode.isBlank() ? DataMode.OPTIMIZED : DataMode.parse(defaultDataMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("faasflow.default-data-mode: " + e.getMessage(), e);
        }
        return new OperatorSettings(slotsPerNode, functionImage, functionBasePort,
                agentNamespace.filter(s -> !s.isBlank()).orElse(null), agentSelector, defaultTimeout, deployTimeout,
                OperatorSettings.parseQuota(quotaBytes.orElse(null)), control, data);
    }

    public Engine engine() {
        return engine;
    }

    public OperatorSettings settings() {
        return settings;
    }

    public WorkflowController workflows() {
        return workflows;
    }

    public InvocationController invocations() {
        return invocations;
    }

    @PreDestroy
    void stop() {
        invocationDeletions.stop();
        timers.shutdownNow();
        engine.close();
    }
}
