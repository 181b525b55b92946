package dev.faasflow.operator;

import dev.faasflow.coordinator.CoordinatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
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
                           @ConfigProperty(name = "faasflow.function-timeout-ms", defaultValue = "60000") long functionTimeout)
            throws Exception {
        this.settings = new OperatorSettings(slotsPerNode, functionImage, functionBasePort,
                agentNamespace.filter(s -> !s.isBlank()).orElse(null), agentSelector, defaultTimeout, deployTimeout);
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
        LOG.infof("FaaSFlow coordinator at %s, remote store: %s, %d slots per agent node",
                engine.coordinator().url(), engine.remoteDescription(), slotsPerNode);
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
        timers.shutdownNow();
        engine.close();
    }
}
