package dev.faasflow.operator.ha;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.fixtures.rbac.ApiRecorder;
import dev.faasflow.fixtures.rbac.RbacCheck;
import dev.faasflow.fixtures.rbac.RenderedChart;
import dev.faasflow.operator.ClientIdentity;
import dev.faasflow.operator.InvocationWaits;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.fixtures.RedisServerProcess;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two operator processes (the packaged operator, as a cluster runs it) against one Fabric8 mock API server in CRUD
 * mode, sharing a real redis-server; agents and a function runtime run in this JVM on loopback. The real lease logic
 * elects one leader; killing it with SIGKILL hands the lease, the leader label and the work to the other, and an
 * Invocation created afterwards succeeds. A leader that loses its lease exits; one stopped with SIGTERM gives the
 * lease up and ends at once. The mock records the operators' requests, held against the chart's grants at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderElectionIT {
    static final String OPERATOR_NS = "faasflow";
    static final String AGENT_NS = "agents";
    static final String NS = "e2e";
    static final String LEASE = "faasflow-operator-leader";
    static final ClusterKey KEY = ClusterKey.generate();

    /** The operators' requests, to hold against the chart's grants (the test's own go through its client). */
    static final ApiRecorder RECORDER = new ApiRecorder(ClientIdentity.USER_AGENT);
    static KubernetesMockServer server;
    static KubernetesClient client;
    static RedisServerProcess redis;
    static RedisRemoteTier remote;
    static Vertx vertx;
    static FunctionServer runtime;
    static SharedIndexInformer<Pod> kubelet;
    static final Map<String, Process> operators = new LinkedHashMap<>();
    static final Map<String, Integer> gatewayPorts = new HashMap<>();
    /** Held so the level sticks: the mock logs every request (the test polls the Lease) at INFO. */
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @BeforeAll
    static void cluster() throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        server = RECORDER.server();
        server.init(InetAddress.getLoopbackAddress(), 0);
        // The SDK checks that it may use Leases before it elects (SelfSubjectRulesReview): the chart's Role allows it.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
                        .withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule().withIncomplete(false).endStatus().build())
                .always();
        client = RECORDER.testClient();
        for (String crd : List.of("workflows", "invocations")) {
            try (InputStream in = WorkflowResource.class.getResourceAsStream("/META-INF/fabric8/" + crd + ".faasflow.dev-v1.yml")) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
            }
        }
        redis = RedisServerProcess.start();
        remote = RedisRemoteTier.connect(RedisConfig.parse("redis://127.0.0.1:" + redis.port()));
        vertx = Vertx.vertx();
        runtime = new FunctionServer(dev.faasflow.functions.benchmarks.BenchmarkFunctions.registry());
        int port = runtime.start("127.0.0.1", 0);
        String runtimeUrl = "http://127.0.0.1:" + port;
        for (String node : List.of("node-a", "node-b")) {
            FaaStore store = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED)
                    .withNodeCapacityBytes(64L << 20), remote);
            Agent agent = Agent.start(vertx, AgentConfig.embedded(node).withFunctionTimeoutMillis(30_000)
                            .withClusterKey(KEY), store,
                    (wf, fn) -> runtimeUrl).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            ready(new PodBuilder().withNewMetadata().withName("faasflow-agent-" + node).withNamespace(AGENT_NS)
                    .addToLabels(Resources.LABEL_NAME, Resources.AGENT_NAME)
                    .addToAnnotations(Resources.ANNOTATION_AGENT_URL, agent.url())
                    .addToAnnotations(Resources.ANNOTATION_AGENT_STARTED, "2026-01-01T00:00:00Z").endMetadata()
                    .withNewSpec().withNodeName(node).addNewContainer().withName("agent").withImage("agent").endContainer()
                    .endSpec().build());
        }
        // The mock runs no kubelet: group pods become Running and Ready when created.
        kubelet = client.pods().inAnyNamespace().withLabel(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        try {
                            ready(pod);
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
        for (String op : List.of("op-a", "op-b")) {
            ready(new PodBuilder().withNewMetadata().withName(op).withNamespace(OPERATOR_NS)
                    .addToLabels(Resources.LABEL_NAME, "faasflow-operator").endMetadata()
                    .withNewSpec().addNewContainer().withName("operator").withImage("operator").endContainer().endSpec().build());
            operators.put(op, startOperator(op));
        }
    }

    /** Creates (if needed) a pod and gives it the status a kubelet would: Running, Ready, on loopback. */
    static void ready(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        Pod now = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
        if (now == null) {
            now = client.pods().inNamespace(ns).resource(pod).create();
        }
        now.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(ns).resource(now).updateStatus();
    }

    static Process startOperator(String pod) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged operator (mvn package) at " + jar.toAbsolutePath());
        int http = RedisServerProcess.freePort();
        gatewayPorts.put(pod, http);
        Path log = Path.of("target/it-logs/" + pod + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", server.url("/"));
        env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
        env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", OPERATOR_NS);
        env.put("KUBECONFIG", "/nonexistent");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("POD_NAME", pod);
        env.put("POD_NAMESPACE", OPERATOR_NS);
        env.put("POD_IP", "127.0.0.1");
        env.put("FAASFLOW_COORDINATOR_HOST", "127.0.0.1");
        env.put("FAASFLOW_COORDINATOR_PORT", Integer.toString(RedisServerProcess.freePort()));
        env.put("FAASFLOW_COORDINATOR_ADVERTISED_HOST", "127.0.0.1");
        env.put("FAASFLOW_COORDINATOR_PROBE_WORKERS", "false");
        env.put("FAASFLOW_AGENT_NAMESPACE", AGENT_NS);
        env.put("FAASFLOW_REDIS", "redis://127.0.0.1:" + redis.port());
        env.put(ClusterKey.ENV, KEY.secret());
        env.put("FAASFLOW_LEADER_ELECTION_LEASE_NAME", LEASE);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    @AfterAll
    static void stop() throws Exception {
        operators.values().forEach(Process::destroyForcibly);
        for (Process p : operators.values()) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (kubelet != null) {
            kubelet.stop();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (remote != null) {
            remote.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    static String holder() {
        Lease lease = client.leases().inNamespace(OPERATOR_NS).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    static List<String> labelledLeaders() {
        List<String> out = new ArrayList<>();
        client.pods().inNamespace(OPERATOR_NS).withLabel(LeaderPods.LABEL_LEADER, "true").list().getItems()
                .forEach(p -> out.add(p.getMetadata().getName()));
        return out;
    }

    static void createInvocation(String name) throws Exception {
        InvocationResource inv = WorkflowManifests.invocation(name, "wordcount",
                WorkflowManifests.JSON.readTree("{\"chunks\": 3}"), false);
        inv.getMetadata().setNamespace(NS);
        inv.getSpec().setTimeScale(0.01);
        inv.getSpec().setTimeoutSeconds(60L);
        client.resources(InvocationResource.class).inNamespace(NS).resource(inv).create();
    }

    static InvocationStatus awaitFinal(String name, Duration within) {
        return InvocationWaits.awaitFinal(client, NS, name, within);
    }

    @Test
    @Order(1)
    void theStandbyTakesOverWithinFifteenSecondsAfterTheLeaderIsKilled() throws Exception {
        // One leader, labelled; the other waits.
        await().atMost(Duration.ofSeconds(90)).until(() -> holder() != null && labelledLeaders().equals(List.of(holder())));
        String leader = holder();
        String standby = operators.keySet().stream().filter(p -> !p.equals(leader)).findFirst().orElseThrow();

        WorkflowResource wf = WorkflowManifests.fromWorkflow(Benchmarks.load("wordcount"));
        wf.getMetadata().setNamespace(NS);
        client.resources(WorkflowResource.class).inNamespace(NS).resource(wf).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            WorkflowResource now = client.resources(WorkflowResource.class).inNamespace(NS).withName("wordcount").get();
            return now.getStatus() != null && WorkflowStatus.READY.equals(now.getStatus().getPhase());
        });
        createInvocation("before");
        InvocationStatus before = awaitFinal("before", Duration.ofSeconds(60));
        assertEquals(InvocationPhase.SUCCEEDED, before.getPhase(), before.getMessage());

        // The standby's gateway runs nothing and names the leader.
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gatewayPorts.get(standby) + "/v1/namespaces/" + NS + "/invocations/" + before.getId())).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 503 && r.body().contains("\"leader\":\"" + leader + "\"");
            } catch (java.io.IOException e) {
                return false;
            }
        });

        // Kill the leader: no chance to release the lease or its label.
        long killed = System.nanoTime();
        operators.get(leader).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> standby.equals(holder()) && labelledLeaders().equals(List.of(standby)));
        double takeoverSeconds = (System.nanoTime() - killed) / 1e9;
        System.out.printf("leader %s killed; %s holds the lease and the leader label after %.1f s%n", leader, standby,
                takeoverSeconds);
        assertTrue(takeoverSeconds < 15, "took over after " + takeoverSeconds + " s");
        assertNotEquals(leader, holder());

        // The new leader runs new invocations.
        createInvocation("after");
        InvocationStatus after = awaitFinal("after", Duration.ofSeconds(60));
        assertEquals(InvocationPhase.SUCCEEDED, after.getPhase(), after.getMessage());
        assertTrue(after.getResults() != null && !after.getResults().isEmpty());
    }

    @Test
    @Order(2)
    void aLeaderThatLosesTheLeaseExitsAndAStoppedOneEndsPromptly() throws Exception {
        // Both replicas running (Kubernetes starts a killed one again; it comes back as a standby), one leading.
        for (Map.Entry<String, Process> op : operators.entrySet()) {
            if (!op.getValue().isAlive()) {
                op.setValue(startOperator(op.getKey()));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> holder() != null && operators.containsKey(holder())
                && operators.get(holder()).isAlive());
        String leader = holder();
        String other = operators.keySet().stream().filter(p -> !p.equals(leader)).findFirst().orElseThrow();

        // The lease taken by another holder (as when renewals fail): the leader stops leading and exits, status 1.
        Process lost = operators.get(leader);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!lost.isAlive()) {
                return true;
            }
            client.leases().inNamespace(OPERATOR_NS).withName(LEASE).edit(l -> {
                l.getSpec().setHolderIdentity("someone-else");
                l.getSpec().setRenewTime(java.time.ZonedDateTime.now());
                return l;
            });
            return false;
        });
        assertEquals(1, lost.exitValue(), "exit status of the leader that lost the lease");

        // The other takes the lease once that holder's expires; stopped (SIGTERM, as in a rolling update), it gives
        // the lease up and ends promptly, not after the termination grace period.
        await().atMost(Duration.ofSeconds(60)).until(() -> other.equals(holder()));
        Process stopped = operators.get(other);
        long t0 = System.nanoTime();
        stopped.destroy();
        assertTrue(stopped.waitFor(20, TimeUnit.SECONDS), "the stopped leader ended");
        System.out.printf("leader %s stopped with SIGTERM: ended after %.1f s%n", other, (System.nanoTime() - t0) / 1e9);
    }

    /** Both packaged operators, as leader and as standby, asked only for what the chart grants them. */
    @Test
    @Order(3)
    void theOperatorsAskedOnlyForWhatTheChartGrants() {
        // That the chart grants nothing more is OperatorRbacTest's part, which drives every path.
        RbacCheck.assertGranted("the operators", RECORDER, RenderedChart.load().grantsOf("Deployment", "faasflow-operator"));
    }
}
