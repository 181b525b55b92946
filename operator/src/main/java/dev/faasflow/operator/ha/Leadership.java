package dev.faasflow.operator.ha;

import dev.faasflow.operator.OperatorConfig;
import dev.faasflow.operator.OperatorRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Which operator replica leads. The Java Operator SDK holds a Lease ({@code faasflow.leader-election.*}) and runs the
 * reconcilers only on the leader; the callbacks here make the rest follow: on becoming leader the engine takes over
 * (invocation deletions, recovery) and the pod gets the leader label the operator Service selects, so the agents'
 * events and users' requests reach it; a standby's gateway answers 503 naming the leader. Losing the lease ends
 * the process (so that two replicas never reconcile at once; Kubernetes starts it again as a standby), unless the
 * process is stopping anyway: then the SDK gives the lease up, which must not end it a second time.
 */
@ApplicationScoped
public class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);

    @Inject
    OperatorConfig config;
    @Inject
    OperatorRuntime runtime;
    @Inject
    KubernetesClient client;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faasflow-leadership");
        t.setDaemon(true);
        return t;
    });
    private String identity;
    private LeaderPods pods;
    private volatile boolean leading;
    private volatile String leader;
    private volatile String leaderUrl;
    private volatile long leadingSinceMillis;
    private volatile boolean stopping;

    /** The pod's name, else the host name and a random suffix. */
    @PostConstruct
    void init() {
        identity = config.pod().name().filter(s -> !s.isBlank()).orElseGet(() ->
                Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("operator")
                        + "-" + UUID.randomUUID().toString().substring(0, 8));
        pods = new LeaderPods(client, config.pod().namespace().orElse(null), config.pod().name().orElse(null));
    }

    /** The SDK's leader election, or null (no election: this replica leads) when it is switched off. */
    @Produces
    @Dependent
    @Unremovable
    LeaderElectionConfiguration leaderElection() {
        OperatorConfig.LeaderElection le = config.leaderElection();
        if (!le.enabled()) {
            return null;
        }
        String namespace = le.leaseNamespace().filter(s -> !s.isBlank())
                .or(() -> config.pod().namespace().filter(s -> !s.isBlank()))
                .orElse(null);
        // Exit on stop leading is ours (stoppedLeading): the SDK's would System.exit also when the lease is given up on
        // shutdown, from within the shutdown, where exit blocks for good (or, in a test, ends the test's JVM).
        LeaderElectionConfiguration election = new LeaderElectionConfiguration(le.leaseName(), namespace,
                Duration.ofMillis(le.leaseDurationMs()), Duration.ofMillis(le.renewDeadlineMs()),
                Duration.ofMillis(le.retryPeriodMs()), identity,
                new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader), false);
        LOG.infof("leader election: lease %s%s as %s (duration %d ms, renew deadline %d ms, retry %d ms)",
                namespace == null ? "" : namespace + "/", le.leaseName(), identity, le.leaseDurationMs(),
                le.renewDeadlineMs(), le.retryPeriodMs());
        return election;
    }

    /** Before the SDK stops (its observer has the default priority) and gives the lease up. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.leaderElection().enabled()) {
            LOG.info("leader election is off: this replica leads");
            startedLeading();
        }
    }

    /** Whether this replica leads (reconciles, runs invocations, receives the agents' events). */
    public boolean leading() {
        return leading;
    }

    /** This replica's identity in the Lease (its pod name). */
    public String identity() {
        return identity;
    }

    /** The identity of the replica that leads, as last seen in the Lease, or null. */
    public String leader() {
        return leader;
    }

    /** The leader's gateway URL as it published it on its pod, or null when not known. */
    public String leaderUrl() {
        return leaderUrl;
    }

    /** When this replica became the leader (epoch millis), 0 when it does not lead. */
    public long leadingSinceMillis() {
        return leadingSinceMillis;
    }

    private void startedLeading() {
        leading = true;
        leader = identity;
        leadingSinceMillis = System.currentTimeMillis();
        LOG.infof("%s leads", identity);
        worker.execute(() -> {
            runtime.becameLeader();
            String url = "http://" + Optional.ofNullable(System.getenv("POD_IP")).filter(s -> !s.isBlank())
                    .orElse("127.0.0.1") + ":" + httpPort;
            leaderUrl = url;
            try {
                int others = pods.claim(url);
                LOG.infof("leader label on pod %s (gateway %s)%s", identity, url,
                        others > 0 ? ", taken off " + others + " other pods" : "");
            } catch (RuntimeException e) {
                LOG.errorf("leading, but could not label pod %s as the leader (the operator Service will not reach"
                        + " it): %s", identity, e.getMessage());
            }
        });
    }

    private void stoppedLeading() {
        boolean was = leading;
        leading = false;
        leadingSinceMillis = 0;
        if (!was) {
            return;
        }
        if (stopping) {
            LOG.infof("%s gave the lease up: stops leading", identity);
        } else {
            LOG.warnf("%s lost the lease: stops leading and exits", identity);
        }
        // Best effort, briefly: the new leader takes the label off too.
        Future<?> release = worker.submit(pods::release);
        try {
            release.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("leader label not removed: %s", e.getMessage());
        }
        if (!stopping) {
            Quarkus.asyncExit(1);
        }
    }

    private void newLeader(String id) {
        leader = id;
        if (id == null || id.isBlank() || id.equals(identity)) {
            return;
        }
        LOG.infof("the leader is %s", id);
        worker.execute(() -> {
            try {
                leaderUrl = pods.gatewayUrlOf(id);
            } catch (RuntimeException e) {
                leaderUrl = null;
            }
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
