package dev.faasflow.operator;

import dev.faasflow.crds.Resources;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The NetworkPolicy of a namespace's function pods: only the agents may reach them (run requests come from the agent
 * of their node; nothing else needs them). One per namespace that runs a workflow, created by the operator, since
 * the chart cannot know those namespaces.
 */
public final class FunctionPodsPolicy {
    public static final String NAME = "faasflow-function-pods";

    private FunctionPodsPolicy() {
    }

    public static NetworkPolicy build(String namespace, OperatorSettings settings) {
        LabelSelector agentNamespaces = settings.agentNamespace() == null ? new LabelSelector()
                : new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", settings.agentNamespace()).build();
        return new NetworkPolicyBuilder()
                .withNewMetadata().withName(NAME).withNamespace(namespace)
                .addToLabels(Resources.LABEL_MANAGED_BY, Resources.OPERATOR_NAME).endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .addToMatchLabels(Resources.LABEL_NAME, "faasflow-function")
                .addToMatchLabels(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP)
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNamespaceSelector(agentNamespaces)
                .withNewPodSelector().withMatchLabels(matchLabels(settings.agentSelector())).endPodSelector()
                .endFrom().endIngress()
                .endSpec().build();
    }

    /** {@code a=b,c=d} as labels; the agent selector is equality-based. */
    static Map<String, String> matchLabels(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String part : selector.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                labels.put(part.substring(0, eq).trim(), part.substring(eq + 1).replaceFirst("^=", "").trim());
            }
        }
        return labels;
    }
}
