package dev.faasflow.operator;

import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.fixtures.rbac.ApiAccess;
import dev.faasflow.fixtures.rbac.ApiRecorder;
import dev.faasflow.fixtures.rbac.Grant;
import dev.faasflow.fixtures.rbac.RbacCheck;
import dev.faasflow.fixtures.rbac.RenderedChart;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.operator.ha.LeaderPods;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The chart's RBAC for the operator, proven from the operator's real calls. One Quarkus boot, configured as the
 * chart's Deployment configures it where that decides which calls it makes (leader election, the agents' namespace
 * and selector, NetworkPolicies), is driven through its paths: leadership, a Workflow planned over node-selected
 * agents, its pods and policy, Invocations retried, run, deleted by their TTL and by hand, a re-plan that keeps and
 * relabels pods, the Workflow deleted through its finalizer. What the mock API server received from the operator's
 * client (User-Agent {@value ClientIdentity#USER_AGENT}) must need exactly what the chart grants the operator's
 * ServiceAccount. The test's own requests (set-up, the kubelet's part, checks) go through a client of its own
 * (User-Agent {@value ApiRecorder#TEST_USER_AGENT}) and do not count; it never touches the injectable
 * KubernetesClient, which is the operator's. A request with neither User-Agent fails the test.
 */
@QuarkusTest
@TestProfile(OperatorRbacTest.AsTheChartRunsIt.class)
@WithTestResource(OperatorRbacTest.ApiServer.class)
class OperatorRbacTest {
    static final RenderedChart CHART = RenderedChart.load();
    static final String DEPLOYMENT = "faasflow-operator";
    static final String RELEASE_NAMESPACE = CHART.namespaceOf("Deployment", DEPLOYMENT);
    static final Map<String, String> CHART_ENV = CHART.env("Deployment", DEPLOYMENT);
    static final String POD = "faasflow-operator-0";
    static final String FORMER_LEADER = "faasflow-operator-1";
    static final String NS = "rbac";
    static final Map<String, String> POOL = Map.of("faasflow.dev/pool", "rbac");

    /** The chart's settings that decide which calls the operator makes; this replica's pod. */
    public static class AsTheChartRunsIt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("faasflow.agent.namespace", CHART_ENV.get("FAASFLOW_AGENT_NAMESPACE"));
            config.put("faasflow.agent.selector", CHART_ENV.get("FAASFLOW_AGENT_SELECTOR"));
            config.put("faasflow.network-policy", CHART_ENV.get("FAASFLOW_NETWORK_POLICY"));
            config.put("faasflow.leader-election.lease-name", CHART_ENV.get("FAASFLOW_LEADER_ELECTION_LEASE_NAME"));
            // Leader election as in production (the other tests run without).
            config.put("faasflow.leader-election.enabled", "true");
            config.put("quarkus.operator-sdk.activate-leader-election-for-profiles", "test");
            config.put("faasflow.pod.name", POD);
            config.put("faasflow.pod.namespace", RELEASE_NAMESPACE);
            // The chart installs the CRDs (the test does here), the operator never does.
            config.put("quarkus.operator-sdk.crd.apply", "false");
            return config;
        }
    }

    /**
     * The mock API server, recording, with what is there before the operator starts: the CRDs, the operator's pods,
     * the nodes; and the answer to the SDK's question about Leases.
     */
    public static class ApiServer implements QuarkusTestResourceLifecycleManager {
        private ApiRecorder recorder;

        @Override
        public Map<String, String> start() {
            recorder = new ApiRecorder(ClientIdentity.USER_AGENT);
            recorder.server().init(InetAddress.getLoopbackAddress(), 0);
            try (KubernetesClient test = recorder.testClient()) {
                for (String crd : List.of("workflows", "invocations")) {
                    try (InputStream in = WorkflowResource.class.getResourceAsStream("/META-INF/fabric8/" + crd + ".faasflow.dev-v1.yml")) {
                        test.apiextensions().v1().customResourceDefinitions()
                                .resource(test.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                // This replica's pod, and a former leader's that still carries the label.
                for (String pod : List.of(POD, FORMER_LEADER)) {
                    test.pods().inNamespace(RELEASE_NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                            .withNamespace(RELEASE_NAMESPACE).addToLabels(Resources.LABEL_NAME, DEPLOYMENT)
                            .addToLabels(pod.equals(FORMER_LEADER) ? Map.of(LeaderPods.LABEL_LEADER, "true") : Map.of())
                            .endMetadata().withNewSpec().addNewContainer().withName("operator").withImage("operator")
                            .endContainer().endSpec().build()).create();
                }
                for (String node : List.of("node-a", "node-b")) {
                    test.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).withLabels(POOL).endMetadata()
                            .build()).create();
                }
            }
            // The SDK asks what it may do with Leases before it elects (a SelfSubjectRulesReview, which the mock does
            // not evaluate): the answer is what the chart grants there.
            List<String> leaseVerbs = CHART.grantsOf("Deployment", DEPLOYMENT).stream()
                    .filter(g -> "coordination.k8s.io".equals(g.group()) && g.resource().equals("leases")
                            && (g.namespace() == null || g.namespace().equals(RELEASE_NAMESPACE)))
                    .map(Grant::verb).toList();
            recorder.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
                            .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs(leaseVerbs)
                            .endResourceRule().withIncomplete(false).endStatus().build())
                    .always();
            // The gateway asks who a bearer token is and what its user may do: answered as a cluster would.
            TestCluster.answerReviews(recorder.server());
            return Map.of("quarkus.kubernetes-client.api-server-url", recorder.server().url("/"),
                    "quarkus.kubernetes-client.namespace", "test");
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(recorder, new TestInjector.MatchesType(ApiRecorder.class));
        }

        @Override
        public void stop() {
            recorder.server().destroy();
        }
    }

    @Inject
    OperatorRuntime operator;
    ApiRecorder recorder;
    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL http;

    @Test
    void theChartGrantsTheOperatorWhatItUsesAndNothingElse() throws Exception {
        // The rule behind networkPolicy.enabled is in the defaults, so this run must prove it: the operator runs
        // with the chart's FAASFLOW_NETWORK_POLICY. (Off, the rule goes and the operator makes no policy calls:
        // ChartValuesTest, WorkflowControllerTest.)
        assertEquals("true", CHART_ENV.get("FAASFLOW_NETWORK_POLICY"), "k8s-manifests/ with NetworkPolicies on");
        Vertx vertx = Vertx.vertx();
        FunctionServer runtime = new FunctionServer(BenchmarkFunctions.registry());
        SharedIndexInformer<Pod> kubelet = null;
        try (KubernetesClient test = recorder.testClient()) {
            String runtimeUrl = "http://127.0.0.1:" + runtime.start("127.0.0.1", 0);
            for (String node : List.of("node-a", "node-b")) {
                addAgent(test, node, TestCluster.startAgent(vertx, operator, node, runtimeUrl));
            }
            kubelet = TestCluster.kubelet(test);

            // Leadership: the Lease is created and renewed, the label goes on this pod and off the former leader's.
            await().atMost(Duration.ofSeconds(30)).until(() -> POD.equals(holder(test))
                    && "true".equals(labels(test, POD).get(LeaderPods.LABEL_LEADER))
                    && !labels(test, FORMER_LEADER).containsKey(LeaderPods.LABEL_LEADER));

            // An Invocation before its Workflow waits Pending (the Workflow is read by name).
            test.resource(invocation("wc-early", "{\"chunks\": 2}")).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                InvocationResource now = test.resources(InvocationResource.class).inNamespace(NS).withName("wc-early").get();
                return now.getStatus() != null && now.getStatus().getPhase() == InvocationPhase.PENDING;
            });

            // A Workflow for the nodes labelled so: nodes read, pods created, the namespace's policy, events, status.
            WorkflowResource wf = WorkflowManifests.fromWorkflow(Benchmarks.load("wordcount"));
            wf.getMetadata().setNamespace(NS);
            wf.getSpec().setNodeSelector(POOL);
            test.resources(WorkflowResource.class).inNamespace(NS).resource(wf).create();
            String plan = awaitReady(test, null);
            assertEquals(InvocationPhase.SUCCEEDED, awaitFinal(test, "wc-early").getPhase());

            // The gateway with a ServiceAccount token: a TokenReview, then a SubjectAccessReview (a 404 once allowed).
            java.net.http.HttpResponse<String> gateway = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(http + "v1/namespaces/" + NS
                            + "/invocations/inv-none")).header("Authorization", "Bearer " + TestCluster.ALICE_TOKEN).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, gateway.statusCode(), gateway.body());

            // Invocations: one retrying an unknown one (read by name), one deleted by its TTL, one deleted by hand.
            InvocationResource retry = invocation("retry-unknown", null);
            retry.getSpec().setRetryOf("no-such-invocation");
            test.resource(retry).create();
            assertEquals(InvocationPhase.FAILED, awaitFinal(test, "retry-unknown").getPhase());
            InvocationResource ttl = invocation("wc-ttl", "{\"chunks\": 2}");
            ttl.getSpec().setTtlSecondsAfterFinished(1L);
            test.resource(ttl).create();
            await().atMost(Duration.ofSeconds(40)).until(() ->
                    test.resources(InvocationResource.class).inNamespace(NS).withName("wc-ttl").get() == null);
            test.resource(invocation("wc-hand", "{\"chunks\": 2}")).create();
            InvocationStatus done = awaitFinal(test, "wc-hand");
            assertEquals(InvocationPhase.SUCCEEDED, done.getPhase(), done.getMessage());
            test.resources(InvocationResource.class).inNamespace(NS).withName("wc-hand").delete();
            Coordinator coordinator = operator.engine().coordinator();
            await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.result(done.getId()) == null);

            // A re-plan (another control mode) keeps the pods, which it relabels with the new plan.
            Map<String, String> uids = groupPodUids(test);
            test.resources(WorkflowResource.class).inNamespace(NS).withName("wordcount")
                    .edit(w -> {
                        w.getSpec().setControlMode(ControlMode.MASTER_SP);
                        return w;
                    });
            String replanned = awaitReady(test, plan);
            assertNotEquals(plan, replanned);
            await().atMost(Duration.ofSeconds(20)).until(() -> groupPods(test).stream()
                    .allMatch(p -> replanned.equals(p.getMetadata().getAnnotations().get(Resources.ANNOTATION_PLAN))));
            assertEquals(uids, groupPodUids(test), "the same pods");

            // Deleted: the finalizer removes the pods, then itself.
            test.resources(WorkflowResource.class).inNamespace(NS).withName("wordcount").delete();
            await().atMost(Duration.ofSeconds(20)).until(() -> groupPods(test).isEmpty()
                    && test.resources(WorkflowResource.class).inNamespace(NS).withName("wordcount").get() == null);
        } finally {
            if (kubelet != null) {
                kubelet.stop();
            }
            runtime.close();
            vertx.close();
        }
        // Renewals patch the Lease (fabric8's LeaseLock), but the Operator SDK does not start unless its rules review
        // says it may update Leases too ("No permission to lease resource ... missing required verbs: [update]"):
        // the review's answer above is the chart's grants, so without update this boot would have failed.
        Map<ApiAccess, String> needed = Map.of(new ApiAccess("update", "coordination.k8s.io", "leases", RELEASE_NAMESPACE),
                "checked by the Operator SDK before it elects");
        RbacCheck.assertProven("the operator", recorder, CHART.grantsOf("Deployment", DEPLOYMENT), needed);
    }

    /** An agent pod as the chart's DaemonSet makes it: in the release namespace, with the labels the operator selects. */
    private static void addAgent(KubernetesClient test, String node, String url) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String term : CHART_ENV.get("FAASFLOW_AGENT_SELECTOR").split(",")) {
            labels.put(term.substring(0, term.indexOf('=')), term.substring(term.indexOf('=') + 1));
        }
        Pod pod = test.pods().inNamespace(RELEASE_NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName("faasflow-agent-" + node).withNamespace(RELEASE_NAMESPACE).withLabels(labels)
                .addToAnnotations(Resources.ANNOTATION_AGENT_URL, url)
                .addToAnnotations(Resources.ANNOTATION_AGENT_STARTED, "2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("agent").withImage("agent").endContainer()
                .endSpec().build()).create();
        TestCluster.markReady(test, pod);
    }

    /** Waits until the Workflow is Ready with a plan other than {@code previous}; its plan id. */
    private static String awaitReady(KubernetesClient test, String previous) {
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            WorkflowStatus s = test.resources(WorkflowResource.class).inNamespace(NS).withName("wordcount").get().getStatus();
            return s != null && WorkflowStatus.READY.equals(s.getPhase()) && !s.getPlan().getId().equals(previous);
        });
        return test.resources(WorkflowResource.class).inNamespace(NS).withName("wordcount").get().getStatus().getPlan().getId();
    }

    private static InvocationResource invocation(String name, String input) throws Exception {
        InvocationResource inv = WorkflowManifests.invocation(name, "wordcount",
                input == null ? null : WorkflowManifests.JSON.readTree(input), false);
        inv.getMetadata().setNamespace(NS);
        inv.getSpec().setTimeScale(0.01);
        return inv;
    }

    private static InvocationStatus awaitFinal(KubernetesClient test, String name) {
        return InvocationWaits.awaitFinal(test, NS, name, Duration.ofSeconds(40));
    }

    private static String holder(KubernetesClient test) {
        Lease lease = test.leases().inNamespace(RELEASE_NAMESPACE).withName(CHART_ENV.get("FAASFLOW_LEADER_ELECTION_LEASE_NAME")).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static Map<String, String> labels(KubernetesClient test, String pod) {
        Map<String, String> labels = test.pods().inNamespace(RELEASE_NAMESPACE).withName(pod).get().getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static List<Pod> groupPods(KubernetesClient test) {
        return test.pods().inNamespace(NS).withLabel(Resources.LABEL_WORKFLOW, "wordcount").list().getItems();
    }

    private static Map<String, String> groupPodUids(KubernetesClient test) {
        Map<String, String> uids = new java.util.TreeMap<>();
        groupPods(test).forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        return uids;
    }
}
