package dev.faasflow.operator;

import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;

/**
 * The operator's knobs (application.properties {@code faasflow.*}).
 *
 * @param slotsPerNode          container slots the planner assumes per agent node (the artifact: 120)
 * @param functionImage         container image of the function runtime when a Workflow names none
 * @param functionBasePort      first container port of a group pod; function i of the pod listens on base + i
 * @param agentNamespace        namespace of the agent pods, or null for every namespace
 * @param agentSelector         label selector of agent pods
 * @param defaultTimeoutSeconds an Invocation without timeoutSeconds ends TimedOut after this long
 * @param deployTimeoutMillis   how long installing a workflow on the agents may take
 * @param quotaBytes            every workflow's local memory quota in bytes when planning, or null for the
 *                              paper's formula ({@code faasflow.quota-bytes})
 * @param defaultControlMode    the control mode of a Workflow whose spec names none
 * @param defaultDataMode       the data mode of a Workflow whose spec names none
 * @param agentGraceSeconds     how long a node of a plan may be without a ready agent (an agent restarting) before
 *                              the workflow is re-planned without it
 * @param pools                 how many function pods each image gets per node, busy and idle
 * @param networkPolicy         give each namespace that runs a workflow a NetworkPolicy letting only agents reach its
 *                              function pods
 */
public record OperatorSettings(int slotsPerNode, String functionImage, int functionBasePort, String agentNamespace,
                               String agentSelector, long defaultTimeoutSeconds, long deployTimeoutMillis,
                               Long quotaBytes, ControlMode defaultControlMode, DataMode defaultDataMode,
                               long agentGraceSeconds, PoolSizing pools, boolean networkPolicy) {
    public static final String DEFAULT_FUNCTION_IMAGE = "ghcr.io/faasflow/faasflow-functions:0.1.0";
    public static final String DEFAULT_AGENT_SELECTOR = "app.kubernetes.io/name=faasflow-agent";
    public static final long DEFAULT_AGENT_GRACE_SECONDS = 30;

    public OperatorSettings {
        if (quotaBytes != null && quotaBytes < 0) {
            throw new IllegalArgumentException("faasflow.quota-bytes must not be negative: " + quotaBytes);
        }
        if (defaultControlMode == null) {
            defaultControlMode = ControlMode.WORKER_SP;
        }
        if (defaultDataMode == null) {
            defaultDataMode = DataMode.OPTIMIZED;
        }
        if (pools == null) {
            pools = PoolSizing.DEFAULT;
        }
    }

    /**
     * The size of an image's pool of pods on a node.
     *
     * @param runsPerPod  function instances one pod is sized for: a busy pool has {@code ceil(instances / runsPerPod)}
     *                    pods, where instances is what the node may run of the image at once
     * @param idleSeconds a pool whose workflow has had no invocation in flight nor started for this long shrinks to
     *                    one pod (a warm one, so the next invocation needs no pod start), and grows back when one
     *                    starts; 0 keeps every pool at its busy size
     */
    public record PoolSizing(int runsPerPod, long idleSeconds) {
        public static final PoolSizing DEFAULT = new PoolSizing(40, 300);

        public PoolSizing {
            if (runsPerPod < 1) {
                throw new IllegalArgumentException("faasflow.pods.runs-per-pod must be at least 1, got " + runsPerPod);
            }
            if (idleSeconds < 0) {
                throw new IllegalArgumentException("faasflow.pods.idle-seconds must not be negative, got " + idleSeconds);
            }
        }
    }

    public static OperatorSettings defaults() {
        return new OperatorSettings(120, DEFAULT_FUNCTION_IMAGE, 8080, null, DEFAULT_AGENT_SELECTOR, 300, 30_000,
                null, ControlMode.WORKER_SP, DataMode.OPTIMIZED, DEFAULT_AGENT_GRACE_SECONDS, PoolSizing.DEFAULT, true);
    }

    public OperatorSettings withSlotsPerNode(int slots) {
        return new OperatorSettings(slots, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis, quotaBytes, defaultControlMode, defaultDataMode, agentGraceSeconds,
                pools, networkPolicy);
    }

    /** @param bytes the quota of every workflow, or null for the paper's formula */
    public OperatorSettings withQuotaBytes(Long bytes) {
        return new OperatorSettings(slotsPerNode, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis, bytes, defaultControlMode, defaultDataMode, agentGraceSeconds,
                pools, networkPolicy);
    }

    public OperatorSettings withDefaultModes(ControlMode control, DataMode data) {
        return new OperatorSettings(slotsPerNode, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis, quotaBytes, control, data, agentGraceSeconds,
                pools, networkPolicy);
    }

    public OperatorSettings withAgentGraceSeconds(long seconds) {
        return new OperatorSettings(slotsPerNode, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis, quotaBytes, defaultControlMode, defaultDataMode, seconds,
                pools, networkPolicy);
    }

    public OperatorSettings withNetworkPolicy(boolean on) {
        return new OperatorSettings(slotsPerNode, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis, quotaBytes, defaultControlMode, defaultDataMode, agentGraceSeconds,
                pools, on);
    }

    public OperatorSettings withPools(PoolSizing sizing) {
        return new OperatorSettings(slotsPerNode, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis, quotaBytes, defaultControlMode, defaultDataMode, agentGraceSeconds,
                sizing, networkPolicy);
    }

    /**
     * Reads {@code faasflow.quota-bytes}: empty or absent is the formula, else a whole number of bytes ≥ 0.
     *
     * @throws IllegalArgumentException naming the setting when the value is not such a number
     */
    public static Long parseQuota(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("faasflow.quota-bytes (FAASFLOW_QUOTA_BYTES) must be a whole number of bytes"
                    + " ≥ 0, or empty for the paper's formula; got '" + text + "'");
        }
    }

}
