package dev.faasflow.crds;

/** Names shared by the operator, the agents and the manifests. */
public final class Resources {
    public static final String GROUP = "faasflow.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Label every object the operator creates for a workflow carries: the Workflow's name. */
    public static final String LABEL_WORKFLOW = GROUP + "/workflow";
    /** Label of a function pod: the node it is pinned to. */
    public static final String LABEL_NODE = GROUP + "/node";
    /** Label of the pods the operator creates, and of agent pods. */
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String COMPONENT_FUNCTION_GROUP = "function-group";
    /** {@code app.kubernetes.io/name} of agent pods (the DaemonSet's pod template). */
    public static final String AGENT_NAME = "faasflow-agent";
    public static final String OPERATOR_NAME = "faasflow-operator";

    /** Annotation an agent writes on its own pod: the base URL other agents and the coordinator use. */
    public static final String ANNOTATION_AGENT_URL = GROUP + "/agent-url";
    /** Annotation an agent writes on its own pod: when it started (a restarted agent lost its deployments). */
    public static final String ANNOTATION_AGENT_STARTED = GROUP + "/agent-started";
    /** Annotation of a group pod: JSON object function name → container port. */
    public static final String ANNOTATION_FUNCTION_PORTS = GROUP + "/function-ports";
    /** Annotation of a group pod: the engine's name of the workflow ({@code namespace.name}). */
    public static final String ANNOTATION_ENGINE_WORKFLOW = GROUP + "/engine-workflow";
    /** Annotation of a group pod: the plan it belongs to (pods of an older plan are replaced). */
    public static final String ANNOTATION_PLAN = GROUP + "/plan";
    /** Annotation of a function pod: the image whose functions it serves on its node. */
    public static final String ANNOTATION_IMAGE = GROUP + "/image";
    /** Annotation of a function pod: the plan groups (comma-separated ids) of the functions it serves. */
    public static final String ANNOTATION_GROUPS = GROUP + "/groups";

    private Resources() {
    }

    /**
     * The name a Workflow has inside the engine (coordinator, agents, store): {@code namespace.name}.
     * Namespaces contain no dots, so the first dot separates the two parts unambiguously, and the name is one
     * URL path segment (the agents' {@code PUT /v1/workflows/{name}}).
     */
    public static String engineName(String namespace, String name) {
        return namespace + "." + name;
    }

    /** The namespace part of an {@link #engineName}. */
    public static String namespaceOf(String engineName) {
        int dot = engineName.indexOf('.');
        return dot < 0 ? "" : engineName.substring(0, dot);
    }

    /** The Workflow's name part of an {@link #engineName}. */
    public static String nameOf(String engineName) {
        return engineName.substring(engineName.indexOf('.') + 1);
    }
}
