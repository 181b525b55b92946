package dev.faasflow.operator;

import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.crds.Resources;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.workflow.DataMode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

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

    /**
     * Starts an agent for {@code node} in this JVM, sharing the operator's remote tier (as agents and operator share
     * Redis in a cluster) and cluster key, its functions served at {@code runtimeUrl}; returns its URL.
     */
    static String startAgent(Vertx vertx, OperatorRuntime operator, String node, String runtimeUrl) throws Exception {
        FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED)
                .withNodeCapacityBytes(64L << 20), operator.engine().remote());
        return Agent.start(vertx, AgentConfig.embedded(node).withFunctionTimeoutMillis(30_000)
                        .withClusterKey(operator.clusterKey()), store, (wf, fn) -> runtimeUrl)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).url();
    }

    static void addAgent(KubernetesClient client, String node, String url) {
        Pod pod = agentPod(node, url);
        client.pods().inNamespace(AGENT_NAMESPACE).resource(pod).create();
        // Whatever the create kept of the status, make it Running and Ready.
        client.pods().inNamespace(AGENT_NAMESPACE).resource(pod).updateStatus();
    }

    /** The agent of a node restarted: same address (node IP and host port), a new start time. */
    static void restartAgent(KubernetesClient client, String node, String started) {
        client.pods().inNamespace(AGENT_NAMESPACE).withName("faasflow-agent-" + node).edit(p -> {
            p.getMetadata().getAnnotations().put(Resources.ANNOTATION_AGENT_STARTED, started);
            return p;
        });
    }

    /** What a kubelet would do with a group pod: Running, Ready, with an IP. */
    static void markReady(KubernetesClient client, Pod pod) {
        Pod now = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        if (now == null || PodHealth.isReady(now)) {
            return;
        }
        now.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(now.getMetadata().getNamespace()).resource(now).updateStatus();
    }

    /** Plays the kubelet for every group pod created from now on: it becomes Running and Ready. Stop it when done. */
    static io.fabric8.kubernetes.client.informers.SharedIndexInformer<Pod> kubelet(KubernetesClient client) {
        return client.pods().inAnyNamespace().withLabel(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP)
                .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        try {
                            markReady(client, pod);
                        } catch (RuntimeException e) {
                            // deleted meanwhile
                        }
                    }

                    @Override
                    public void onUpdate(Pod before, Pod now) {
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknown) {
                    }
                });
    }

    /** Marks every group pod of a namespace ready. */
    static void markGroupPodsReady(KubernetesClient client, String namespace) {
        client.pods().inNamespace(namespace).withLabel(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP)
                .list().getItems().forEach(p -> markReady(client, p));
    }

    static void removeAgent(KubernetesClient client, String node) {
        client.pods().inNamespace(AGENT_NAMESPACE).withName("faasflow-agent-" + node).delete();
    }

    /** The ServiceAccount token the API stand-in knows: user alice, who may work in every namespace but "locked". */
    static final String ALICE_TOKEN = "alice-serviceaccount-token";
    static final String LOCKED_NAMESPACE = "locked";

    /**
     * Makes the mock API server answer TokenReviews and SubjectAccessReviews as a cluster would: {@link #ALICE_TOKEN}
     * is alice, any other token is not accepted; alice may do anything with invocations outside
     * {@link #LOCKED_NAMESPACE}, nobody else anything.
     */
    static void answerReviews(io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server) {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, request -> {
            var review = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(request.getUtf8Body(),
                    io.fabric8.kubernetes.api.model.authentication.TokenReview.class);
            boolean alice = ALICE_TOKEN.equals(review.getSpec().getToken());
            review.setStatus(alice
                    ? new io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder().withAuthenticated(true)
                    .withNewUser().withUsername("system:serviceaccount:e2e:alice").withUid("uid-alice")
                    .withGroups("system:serviceaccounts", "system:authenticated").endUser().build()
                    : new io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder().withAuthenticated(false)
                    .withError("token is not valid").build());
            return review;
        }).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, request -> {
            var review = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(request.getUtf8Body(),
                    io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview.class);
            var asked = review.getSpec().getResourceAttributes();
            boolean allowed = "system:serviceaccount:e2e:alice".equals(review.getSpec().getUser())
                    && "faasflow.dev".equals(asked.getGroup()) && "invocations".equals(asked.getResource())
                    && !LOCKED_NAMESPACE.equals(asked.getNamespace());
            review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder()
                    .withAllowed(allowed).withReason(allowed ? "RBAC: allowed" : "no RBAC rule allows it").build());
            return review;
        }).always();
    }
}
