package dev.faasflow.operator;

import dev.faasflow.crds.Resources;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the nodes where a ready agent runs: pods matching the agent selector, Running and Ready, bound to a
 * node, that have published their URL in the {@value Resources#ANNOTATION_AGENT_URL} annotation.
 */
public final class AgentDirectory {
    private final KubernetesClient client;
    private final OperatorSettings settings;

    public AgentDirectory(KubernetesClient client, OperatorSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Whether a pod is an agent the planner may use. */
    public static boolean isReadyAgent(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getSpec() == null
                || pod.getSpec().getNodeName() == null || pod.getStatus() == null) {
            return false;
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String url = annotations == null ? null : annotations.get(Resources.ANNOTATION_AGENT_URL);
        if (url == null || url.isBlank() || !"Running".equals(pod.getStatus().getPhase())) {
            return false;
        }
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Ready agents, one per node (the most recently started wins), sorted by node; filtered by node labels. */
    public List<AgentNode> readyAgents(Map<String, String> nodeSelector) {
        List<Pod> pods = settings.agentNamespace() == null
                ? client.pods().inAnyNamespace().withLabelSelector(settings.agentSelector()).list().getItems()
                : client.pods().inNamespace(settings.agentNamespace()).withLabelSelector(settings.agentSelector())
                .list().getItems();
        Map<String, AgentNode> byNode = new TreeMap<>();
        for (Pod pod : pods) {
            if (!isReadyAgent(pod)) {
                continue;
            }
            Map<String, String> a = pod.getMetadata().getAnnotations();
            AgentNode agent = new AgentNode(pod.getSpec().getNodeName(), a.get(Resources.ANNOTATION_AGENT_URL),
                    a.getOrDefault(Resources.ANNOTATION_AGENT_STARTED, ""), pod.getMetadata().getName());
            byNode.merge(agent.node(), agent, (x, y) -> x.started().compareTo(y.started()) >= 0 ? x : y);
        }
        List<AgentNode> out = new ArrayList<>(byNode.values());
        if (nodeSelector != null && !nodeSelector.isEmpty()) {
            out.removeIf(agent -> !matches(client.nodes().withName(agent.node()).get(), nodeSelector));
        }
        return out;
    }

    private static boolean matches(Node node, Map<String, String> selector) {
        if (node == null) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels != null && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
