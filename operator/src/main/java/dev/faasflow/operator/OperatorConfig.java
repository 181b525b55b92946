package dev.faasflow.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The operator's {@code faasflow.*} configuration (application.properties; the chart sets each as an
 * environment variable, e.g. {@code FAASFLOW_SLOTS_PER_NODE}). Read once at start into {@link OperatorSettings}.
 */
@ConfigMapping(prefix = "faasflow")
public interface OperatorConfig {
    /** Container slots the planner assumes per agent node (the artifact: 120). */
    @WithDefault("120")
    int slotsPerNode();

    /** Container image of the function runtime when a Workflow names none. */
    @WithDefault(OperatorSettings.DEFAULT_FUNCTION_IMAGE)
    String functionImage();

    /** First container port of a group pod; function i of the pod listens on base + i. */
    @WithDefault("8080")
    int functionBasePort();

    /** How long installing a workflow on the agents may take. */
    @WithDefault("30000")
    long deployTimeoutMs();

    /** A function that has not answered by then fails the invocation. */
    @WithDefault("60000")
    long functionTimeoutMs();

    /** The remote tier, e.g. {@code redis://faasflow-redis:6379}; empty: an in-process stand-in. */
    Optional<String> redis();

    /**
     * The cluster key that the operator's coordinator and the agents share (FAASFLOW_CLUSTER_KEY, from the chart's
     * Secret): control calls and events without it get 401. The operator does not start without one.
     */
    Optional<String> clusterKey();

    /** Every workflow's local memory quota in bytes when planning; empty: the paper's formula. */
    Optional<String> quotaBytes();

    /** The control mode of a Workflow whose spec names none: WorkerSP (when empty) or MasterSP. */
    Optional<String> defaultControlMode();

    /** The data mode of a Workflow whose spec names none: optimized (when empty) or raw. */
    Optional<String> defaultDataMode();

    /**
     * Give each namespace that runs a workflow a NetworkPolicy that lets only the agents reach its function pods (the
     * chart's networkPolicy.enabled).
     */
    @WithDefault("true")
    boolean networkPolicy();

    Agent agent();

    Pods pods();

    Invocation invocation();

    Coordinator coordinator();

    LeaderElection leaderElection();

    Gateway gateway();

    /** Who may call the gateway ({@code faasflow.gateway.*}). */
    interface Gateway {
        /**
         * {@code kubernetes}: a bearer ServiceAccount (or user) token, checked with a TokenReview and authorised with a
         * SubjectAccessReview on {@code invocations} in the call's namespace; {@code none}: everyone (only behind a
         * fence of your own). API keys are accepted in both modes.
         */
        @WithDefault("kubernetes")
        String authentication();

        /** API keys for clients outside the cluster, one per line (FAASFLOW_GATEWAY_API_KEYS, from a Secret). */
        Optional<String> apiKeys();

        /** How long an answer of the API server (a token's user, a user's permission) is reused. */
        @WithDefault("10")
        long reviewCacheSeconds();
    }

    Pod pod();

    /**
     * This replica's own pod ({@code faasflow.pod.*}; the chart passes POD_NAME and POD_NAMESPACE from the downward
     * API): its name is the identity in the Lease, and the pod carries the leader label. Empty outside a pod.
     */
    interface Pod {
        Optional<String> name();

        Optional<String> namespace();
    }

    /**
     * Leader election among the operator's replicas ({@code faasflow.leader-election.*}): a Lease; only the leader
     * reconciles, hosts the engine's work and carries the leader label its Service selects. A standby takes over
     * within lease duration + 2.2 × retry period of the leader's last renewal (8 s + 4.4 s by default).
     */
    interface LeaderElection {
        /** Off: this replica leads at once (one replica, tests). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("faasflow-operator-leader")
        String leaseName();

        /** Namespace of the Lease; empty: the pod's namespace (POD_NAMESPACE), else the client's. */
        Optional<String> leaseNamespace();

        /** How long a lease holds without renewal before a standby may take it. */
        @WithDefault("8000")
        long leaseDurationMs();

        /** The leader gives up (and exits) when it could not renew for this long; less than the lease duration. */
        @WithDefault("6000")
        long renewDeadlineMs();

        /** How often the leader renews and a standby tries (the standby with up to 120 % jitter). */
        @WithDefault("2000")
        long retryPeriodMs();
    }

    /** Where the agents run ({@code faasflow.agent.*}). */
    interface Agent {
        /** Namespace of the agent pods; empty: every namespace. */
        Optional<String> namespace();

        /** Label selector of agent pods. */
        @WithDefault(OperatorSettings.DEFAULT_AGENT_SELECTOR)
        String selector();

        /**
         * How long a node of a plan may be without a ready agent (an agent restarting) before its workflows are
         * re-planned without it.
         */
        @WithDefault("30")
        long graceSeconds();
    }

    /** Function pods ({@code faasflow.pods.*}): the size of each image's pool of pods on a node. */
    interface Pods {
        /** Function instances one pod is sized for; a busy pool has ceil(instances the node may run / this) pods. */
        @WithDefault("40")
        int runsPerPod();

        /** A pool shrinks to one pod when its workflow has been idle this long; 0: never. */
        @WithDefault("300")
        long idleSeconds();
    }

    /** Invocations ({@code faasflow.invocation.*}). */
    interface Invocation {
        /** An invocation that names no timeout ends TimedOut after this long. */
        @WithDefault("300")
        long defaultTimeoutSeconds();
    }

    /** The coordinator's internal events endpoint ({@code faasflow.coordinator.*}), which agents report to. */
    interface Coordinator {
        @WithDefault("0.0.0.0")
        String host();

        @WithDefault("9090")
        int port();

        /** The host agents use to reach it; empty: the pod IP (POD_IP), else 127.0.0.1. */
        Optional<String> advertisedHost();

        /** MasterSP asks every worker's status before each function, as the artifact does. */
        @WithDefault("true")
        boolean probeWorkers();
    }
}
