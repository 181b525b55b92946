package dev.faasflow.agent.k8s;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.fixtures.rbac.ApiAccess;
import dev.faasflow.fixtures.rbac.ApiRecorder;
import dev.faasflow.fixtures.rbac.RbacCheck;
import dev.faasflow.fixtures.rbac.RenderedChart;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chart's RBAC for the agent, proven from the agent's real calls: started as the chart's DaemonSet starts it, it
 * publishes its URL on its own pod and watches the group pods of its node. What the mock API server received from the
 * agent's client (User-Agent {@value AgentMain#USER_AGENT}) must need exactly what the chart grants the agent's
 * ServiceAccount; the test's own requests (User-Agent {@value ApiRecorder#TEST_USER_AGENT}) do not count.
 */
class AgentRbacTest {
    static final RenderedChart CHART = RenderedChart.load();
    static final String DAEMON_SET = "faasflow-agent";

    @Test
    void theChartGrantsTheAgentWhatItUsesAndNothingElse() throws Exception {
        ApiRecorder recorder = new ApiRecorder(AgentMain.USER_AGENT);
        recorder.server().init(InetAddress.getLoopbackAddress(), 0);
        // The downward API puts the agent's pod in the DaemonSet's namespace.
        String namespace = CHART.namespaceOf("DaemonSet", DAEMON_SET);
        String pod = DAEMON_SET + "-x1y2z";
        Map<String, String> env = Map.of("NODE_NAME", "node-1", "POD_IP", "127.0.0.1", "POD_NAME", pod,
                "POD_NAMESPACE", namespace, "FAASFLOW_AGENT_PORT", "0", "FAASFLOW_AGENT_HOST", "127.0.0.1",
                ClusterKey.ENV, "agent-rbac-test-key-0123456789abcdef0123");
        try (KubernetesClient test = recorder.testClient(); KubernetesClient agent = AgentMain.client(recorder.clientConfig())) {
            test.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withNamespace(namespace).endMetadata().withNewSpec().withNodeName("node-1").endSpec().build()).create();
            try (AgentMain.Running running = AgentMain.start(env, agent)) {
                assertEquals(running.agent().url(), test.pods().inNamespace(namespace).withName(pod).get().getMetadata()
                        .getAnnotations().get(AgentMain.ANNOTATION_AGENT_URL));
                // It watches the group pods of its node in every namespace (list, then watch). The mock does not
                // evaluate field selectors on spec.nodeName, so no pod would reach it here: the requests are the point.
                await().atMost(Duration.ofSeconds(20)).until(() -> recorder.used().containsAll(List.of(
                        new ApiAccess("list", "", "pods", null), new ApiAccess("watch", "", "pods", null))));
            }
        } finally {
            recorder.server().destroy();
        }
        RbacCheck.assertProven("the agent", recorder, CHART.grantsOf("DaemonSet", DAEMON_SET), Map.of());
    }
}
