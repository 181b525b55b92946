package dev.faasflow.operator;

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
 */
public record OperatorSettings(int slotsPerNode, String functionImage, int functionBasePort, String agentNamespace,
                               String agentSelector, long defaultTimeoutSeconds, long deployTimeoutMillis) {
    public static final String DEFAULT_FUNCTION_IMAGE = "ghcr.io/faasflow/faasflow-functions:0.1.0";
    public static final String DEFAULT_AGENT_SELECTOR = "app.kubernetes.io/name=faasflow-agent";

    public static OperatorSettings defaults() {
        return new OperatorSettings(120, DEFAULT_FUNCTION_IMAGE, 8080, null, DEFAULT_AGENT_SELECTOR, 300, 30_000);
    }

    public OperatorSettings withSlotsPerNode(int slots) {
        return new OperatorSettings(slots, functionImage, functionBasePort, agentNamespace, agentSelector,
                defaultTimeoutSeconds, deployTimeoutMillis);
    }
}
