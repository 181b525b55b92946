package dev.faasflow.operator;

import dev.faasflow.crds.Resources;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Agent pods as the mock API server holds them (the mock runs no pods: their status is written by hand). */
final class TestCluster {
    static final String AGENT_NAMESPACE = "faasflow-system";

    private TestCluster() {
    }

    static Pod agentPod(String node, String url) {
        return new PodBuilder().withNewMetadata()
                .withName("faasflow-agent-" + node).withNamespace(AGENT_NAMESPACE)
                .addToLabels(Resources.LABEL_NAME, Resources.AGENT_NAME)
                .addToAnnotations(Resources.ANNOTATION_AGENT_URL, url)
                .addToAnnotations(Resources.ANNOTATION_AGENT_STARTED, "2026-01-01T00:00:00Z")
                .endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("agent").withImage("faasflow-agent").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }

    static void addAgent(KubernetesClient client, String node, String url) {
        Pod pod = agentPod(node, url);
        client.pods().inNamespace(AGENT_NAMESPACE).resource(pod).create();
        // Whatever the create kept of the status, make it Running and Ready.
        client.pods().inNamespace(AGENT_NAMESPACE).resource(pod).updateStatus();
    }

    static void removeAgent(KubernetesClient client, String node) {
        client.pods().inNamespace(AGENT_NAMESPACE).withName("faasflow-agent-" + node).delete();
    }
}
