package dev.faasflow.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator end to end, in one Quarkus boot against the Fabric8 mock API server: two agents and a function
 * runtime on loopback stand in for the DaemonSet and the group pods (the mock runs no pods), fake agent pods
 * carry their URLs. Workflows and Invocations go through the real reconcilers, the coordinator and the agents.
 */
@QuarkusTest
@WithKubernetesTestServer(setup = OperatorTest.Reviews.class)
class OperatorTest {
    /** The API stand-in answers the gateway's TokenReviews and SubjectAccessReviews. */
    public static final class Reviews implements java.util.function.Consumer<io.quarkus.test.kubernetes.client.KubernetesServer> {
        @Override
        public void accept(io.quarkus.test.kubernetes.client.KubernetesServer server) {
            TestCluster.answerReviews(server.getKubernetesMockServer());
        }
    }

    static final String NS = "e2e";
    static Vertx vertx;
    static FunctionServer runtime;
    static io.fabric8.kubernetes.client.informers.SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> kubelet;

    @Inject
    KubernetesClient client;
    @Inject
    OperatorRuntime operator;
    @TestHTTPResource("/")
    URL http;

    @BeforeEach
    void cluster() throws Exception {
        if (vertx != null) {
            return;
        }
        vertx = Vertx.vertx();
        kubelet = TestCluster.kubelet(client);
        FunctionRegistry registry = BenchmarkFunctions.registry();
        registry.register("boom", ctx -> {
            throw new IllegalStateException("boom: the test function always fails");
        });
        registry.register("hang", ctx -> Thread.sleep(20_000));
        // wordcount's merge, three seconds late: an invocation that is still running while the test restarts agents.
        registry.register("slow_merge", ctx -> {
            Thread.sleep(3_000);
            registry.get("wc_merge").run(ctx);
        });
        runtime = new FunctionServer(registry);
        int port = runtime.start("127.0.0.1", 0);
        String runtimeUrl = "http://127.0.0.1:" + port;
        for (String node : List.of("node-a", "node-b")) {
            TestCluster.addAgent(client, node, TestCluster.startAgent(vertx, operator, node, runtimeUrl));
        }
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.stop();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    private WorkflowResource applyWorkflow(String name, String benchmark, java.util.function.Consumer<WorkflowResource> change)
            throws Exception {
        WorkflowResource wf = WorkflowManifests.fromWorkflow(Benchmarks.load(benchmark));
        wf.getMetadata().setName(name);
        wf.getMetadata().setNamespace(NS);
        if (change != null) {
            change.accept(wf);
        }
        client.resources(WorkflowResource.class).inNamespace(NS).resource(wf).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            WorkflowResource now = workflow(name);
            return now != null && now.getStatus() != null && WorkflowStatus.READY.equals(now.getStatus().getPhase());
        });
        return workflow(name);
    }

    private WorkflowResource workflow(String name) {
        return client.resources(WorkflowResource.class).inNamespace(NS).withName(name).get();
    }

    private InvocationResource createInvocation(String name, String workflow, String inputJson, Long timeoutSeconds)
            throws Exception {
        JsonNode input = inputJson == null ? null : WorkflowManifests.JSON.readTree(inputJson);
        InvocationResource inv = WorkflowManifests.invocation(name, workflow, input, false);
        inv.getMetadata().setNamespace(NS);
        inv.getSpec().setTimeScale(0.01);
        inv.getSpec().setTimeoutSeconds(timeoutSeconds);
        return client.resources(InvocationResource.class).inNamespace(NS).resource(inv).create();
    }

    private InvocationStatus awaitFinal(String name) {
        return InvocationWaits.awaitFinal(client, NS, name, Duration.ofSeconds(40));
    }

    @Test
    void anInvocationWaitsForItsWorkflowThenRunsToSucceeded() throws Exception {
        // Created before its Workflow: Pending, with the reason.
        createInvocation("wc-1", "wordcount", "{\"chunks\": 3}", 60L);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            InvocationResource now = client.resources(InvocationResource.class).inNamespace(NS).withName("wc-1").get();
            return now.getStatus() != null && now.getStatus().getPhase() == InvocationPhase.PENDING;
        });
        assertTrue(client.resources(InvocationResource.class).inNamespace(NS).withName("wc-1").get().getStatus()
                .getMessage().contains("workflow wordcount does not exist"));

        WorkflowResource wf = applyWorkflow("wordcount", "wordcount", null);
        assertEquals(3, wf.getStatus().getFunctionCount());
        assertFalse(client.pods().inNamespace(NS).withLabel(Resources.LABEL_WORKFLOW, "wordcount").list().getItems().isEmpty());

        InvocationStatus s = awaitFinal("wc-1");
        assertEquals(InvocationPhase.SUCCEEDED, s.getPhase(), s.getMessage());
        assertNotNull(s.getId());
        assertNotNull(s.getStartTime());
        assertNotNull(s.getCompletionTime());
        assertTrue(s.getDurationMs() > 0, "duration " + s.getDurationMs());
        assertNull(s.getFailedFunction());
        assertNotNull(s.getResults());
        assertFalse(s.getResults().isEmpty(), "the sinks' results are in the status");
    }

    @Test
    void aFailingFunctionFailsTheInvocationNamingIt() throws Exception {
        applyWorkflow("wc-fail", "wordcount", wf -> wf.getSpec().getFunctions().stream()
                .filter(f -> f.getName().equals("count")).forEach(f -> f.setImage("boom")));
        createInvocation("fail-1", "wc-fail", "{\"chunks\": 2}", 60L);
        InvocationStatus s = awaitFinal("fail-1");
        assertEquals(InvocationPhase.FAILED, s.getPhase());
        assertEquals("count", s.getFailedFunction());
        assertTrue(s.getMessage().contains("boom"), s.getMessage());
        boolean event = client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> "Failed".equals(e.getReason()) && e.getMessage().contains("function count failed"));
        assertTrue(event, "a Failed event names the function");
    }

    @Test
    void aRetryOfAnInvocationThatIsUnknownOrKeptNothingFailsNamingIt() throws Exception {
        applyWorkflow("wc-retry", "wordcount", wf -> wf.getSpec().getFunctions().stream()
                .filter(f -> f.getName().equals("count")).forEach(f -> f.setImage("boom")));
        InvocationResource unknown = WorkflowManifests.invocation("retry-unknown", "wc-retry", null, false);
        unknown.getMetadata().setNamespace(NS);
        unknown.getSpec().setRetryOf("no-such-invocation");
        client.resources(InvocationResource.class).inNamespace(NS).resource(unknown).create();
        InvocationStatus s = awaitFinal("retry-unknown");
        assertEquals(InvocationPhase.FAILED, s.getPhase());
        assertTrue(s.getMessage().contains("spec.retryOf: no Invocation no-such-invocation"), s.getMessage());

        createInvocation("retry-first", "wc-retry", "{\"chunks\": 2}", 60L);
        assertEquals(InvocationPhase.FAILED, awaitFinal("retry-first").getPhase());
        InvocationResource again = WorkflowManifests.invocation("retry-again", "wc-retry", null, false);
        again.getMetadata().setNamespace(NS);
        again.getSpec().setRetryOf("retry-first");
        client.resources(InvocationResource.class).inNamespace(NS).resource(again).create();
        s = awaitFinal("retry-again");
        assertEquals(InvocationPhase.FAILED, s.getPhase());
        assertTrue(s.getMessage().contains("spec.retryOf retry-first") && s.getMessage().contains("keepIntermediates"),
                s.getMessage());
    }

    @Test
    void aHangingFunctionTimesOut() throws Exception {
        applyWorkflow("wc-hang", "wordcount", wf -> wf.getSpec().getFunctions().stream()
                .filter(f -> f.getName().equals("merge")).forEach(f -> f.setImage("hang")));
        long t0 = System.nanoTime();
        createInvocation("hang-1", "wc-hang", "{\"chunks\": 2}", 2L);
        InvocationStatus s = awaitFinal("hang-1");
        assertEquals(InvocationPhase.TIMED_OUT, s.getPhase(), s.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 15, "ended by the timeout");
    }

    @Test
    void finishedInvocationsAreDeletedAfterTheirTtl() throws Exception {
        applyWorkflow("fp", "fileprocessing", null);
        InvocationResource inv = WorkflowManifests.invocation("fp-ttl", "fp",
                WorkflowManifests.JSON.readTree(Benchmarks.defaultInput("fileprocessing")), false);
        inv.getMetadata().setNamespace(NS);
        inv.getSpec().setTtlSecondsAfterFinished(1L);
        inv.getSpec().setTimeScale(0.01);
        client.resources(InvocationResource.class).inNamespace(NS).resource(inv).create();
        await().atMost(Duration.ofSeconds(40)).until(() ->
                client.resources(InvocationResource.class).inNamespace(NS).withName("fp-ttl").get() == null);
    }

    @Test
    void deletingAFinishedInvocationByHandFreesItsResults() throws Exception {
        applyWorkflow("wc-free", "wordcount", null);
        createInvocation("free-1", "wc-free", "{\"chunks\": 2}", 60L);
        InvocationStatus s = awaitFinal("free-1");
        assertEquals(InvocationPhase.SUCCEEDED, s.getPhase(), s.getMessage());
        String id = s.getId();
        Coordinator coordinator = operator.engine().coordinator();
        InProcessRemoteTier remote = (InProcessRemoteTier) operator.engine().remote();
        assertNotNull(coordinator.result(id), "the engine keeps a finished invocation's result");
        assertTrue(remote.holdsAnythingOf(id), "and its results in the remote tier");
        InvocationResource inv = client.resources(InvocationResource.class).inNamespace(NS).withName("free-1").get();
        assertTrue(inv.getMetadata().getFinalizers() == null || inv.getMetadata().getFinalizers().isEmpty(),
                "no finalizer per Invocation: " + inv.getMetadata().getFinalizers());

        client.resources(InvocationResource.class).inNamespace(NS).withName("free-1").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.result(id) == null && !remote.holdsAnythingOf(id));
        assertNull(coordinator.phase(id));
    }

    @Test
    void anInvocationDeletedWhileItRunsIsForgottenWhenItEnds() throws Exception {
        applyWorkflow("wc-gone", "wordcount", wf -> wf.getSpec().getFunctions().stream()
                .filter(f -> f.getName().equals("merge")).forEach(f -> f.setImage("hang")));
        createInvocation("gone-1", "wc-gone", "{\"chunks\": 2}", 3L);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            InvocationResource now = client.resources(InvocationResource.class).inNamespace(NS).withName("gone-1").get();
            return now.getStatus() != null && now.getStatus().getPhase() == InvocationPhase.RUNNING;
        });
        String id = client.resources(InvocationResource.class).inNamespace(NS).withName("gone-1").get().getStatus().getId();
        Coordinator coordinator = operator.engine().coordinator();
        assertNotNull(coordinator.phase(id), "running in the engine");
        client.resources(InvocationResource.class).inNamespace(NS).withName("gone-1").delete();
        // It ends TimedOut after 3 s; with its resource gone, the engine drops it instead of keeping the result.
        await().atMost(Duration.ofSeconds(30)).until(() -> coordinator.phase(id) == null);
        assertNull(coordinator.result(id));
        assertFalse(((InProcessRemoteTier) operator.engine().remote()).holdsAnythingOf(id));
    }

    @Test
    void theGatewayRunsInvocationsWithoutResources() throws Exception {
        applyWorkflow("video", "video", null);
        HttpClient httpClient = HttpClient.newHttpClient();
        String body = "{\"input\": " + Benchmarks.defaultInput("video") + ", \"timeScale\": 0.01}";
        String alice = "Bearer " + TestCluster.ALICE_TOKEN;
        HttpResponse<String> r = httpClient.send(HttpRequest.newBuilder(
                        URI.create(http + "v1/namespaces/" + NS + "/workflows/video/invocations?wait=true"))
                .header("Authorization", alice)
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = WorkflowManifests.JSON.readTree(r.body());
        assertEquals("Succeeded", result.path("phase").asText(), r.body());
        assertEquals("video", result.path("workflow").asText());
        String id = result.path("id").asText();
        // The chart's API key works as well as a ServiceAccount token the API server vouches for.
        HttpResponse<String> get = httpClient.send(HttpRequest.newBuilder(
                URI.create(http + "v1/namespaces/" + NS + "/invocations/" + id))
                .header("Authorization", "Bearer test-gateway-api-key-not-secret-0123456789").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode(), get.body());
        assertEquals(id, WorkflowManifests.JSON.readTree(get.body()).path("id").asText());
        HttpResponse<String> other = httpClient.send(HttpRequest.newBuilder(
                URI.create(http + "v1/namespaces/elsewhere/invocations/" + id)).header("Authorization", alice).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        HttpResponse<String> unknown = httpClient.send(HttpRequest.newBuilder(
                        URI.create(http + "v1/namespaces/" + NS + "/workflows/nope/invocations"))
                .header("Authorization", alice).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("nope"), unknown.body());
        // Without a token, with one the API server does not accept, or where RBAC does not allow it: refused, named.
        HttpResponse<String> none = httpClient.send(HttpRequest.newBuilder(
                URI.create(http + "v1/namespaces/" + NS + "/invocations/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode(), none.body());
        assertTrue(none.body().contains("needs a bearer token"), none.body());
        HttpResponse<String> bad = httpClient.send(HttpRequest.newBuilder(
                URI.create(http + "v1/namespaces/" + NS + "/invocations/" + id)).header("Authorization", "Bearer stolen")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("the API server did not accept the token: token is not valid"), bad.body());
        HttpResponse<String> locked = httpClient.send(HttpRequest.newBuilder(URI.create(http + "v1/namespaces/"
                        + TestCluster.LOCKED_NAMESPACE + "/workflows/video/invocations")).header("Authorization", alice)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("user 'system:serviceaccount:e2e:alice' may not create invocations in namespace"
                + " 'locked' (no RBAC rule allows it)"), locked.body());

        // The web console: its page is open, its API asks the API server (list on invocations everywhere).
        HttpResponse<String> console = httpClient.send(HttpRequest.newBuilder(URI.create(http + "console/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains("FaaSFlow console"), console.body());
        HttpResponse<String> listed = httpClient.send(HttpRequest.newBuilder(URI.create(http + "console/api/invocations"))
                .header("Authorization", alice).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains("\"id\":\"" + id + "\""), listed.body());
        HttpResponse<String> unlisted = httpClient.send(HttpRequest.newBuilder(URI.create(http + "console/api/workflows"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unlisted.statusCode(), unlisted.body());

        HttpResponse<String> openApi = httpClient.send(HttpRequest.newBuilder(URI.create(http + "openapi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openApi.statusCode());
        assertEquals(dev.faasflow.coordinator.gateway.Gateway.openApiDocument(), openApi.body(), "the same document");

        HttpResponse<String> ready = httpClient.send(HttpRequest.newBuilder(URI.create(http + "q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("faasflow-engine"), ready.body());
        HttpResponse<String> metrics = httpClient.send(HttpRequest.newBuilder(URI.create(http + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("faasflow_invocations_running"), "metrics are exported");
    }

    @Test
    void anAgentRestartTouchesNoPodAndAnInvocationInFlightFinishes() throws Exception {
        WorkflowResource wf = applyWorkflow("wc-restart", "wordcount", w -> w.getSpec().getFunctions().stream()
                .filter(f -> f.getName().equals("merge")).forEach(f -> f.setImage("slow_merge")));
        String planId = wf.getStatus().getPlan().getId();
        java.util.Map<String, String> podsBefore = groupPodUids();
        assertFalse(podsBefore.isEmpty());
        createInvocation("restart-1", "wc-restart", "{\"chunks\": 3}", 60L);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            InvocationResource now = client.resources(InvocationResource.class).inNamespace(NS).withName("restart-1").get();
            return now.getStatus() != null && now.getStatus().getPhase() == InvocationPhase.RUNNING;
        });
        InvocationStatus running = client.resources(InvocationResource.class).inNamespace(NS).withName("restart-1").get()
                .getStatus();
        assertNotNull(running.getStartTime(), "Running with a start time");

        // Both agents restart while it runs (as the operator sees it: a new start time, the same stable address). The
        // in-process agents keep their state, so this is the operator's side: it pushes the deployment to them again
        // and must re-plan nothing and touch no pod.
        String started = java.time.Instant.now().toString();
        TestCluster.restartAgent(client, "node-a", started);
        TestCluster.restartAgent(client, "node-b", started);

        InvocationStatus s = awaitFinal("restart-1");
        assertEquals(InvocationPhase.SUCCEEDED, s.getPhase(), s.getMessage());
        assertFalse(s.getResults().isEmpty());
        // Where its time went, in the status: the summary and, for an invocation this small, every attempt.
        assertEquals(List.of("start", "count", "merge"), s.getTrace().getCriticalPath().stream()
                .filter(f -> !f.startsWith("virtual")).toList());
        assertTrue(s.getTrace().getSlowestFunction().contains(" on node-a ("), s.getTrace().getSlowestFunction());
        assertEquals(s.getTrace().getAttempts(), s.getFunctions().size());
        assertTrue(s.getFunctions().stream().allMatch(f -> "Succeeded".equals(f.getPhase()) && "node-a".equals(f.getNode())),
                s.getFunctions().toString());
        // The re-push done, the Workflow is Ready again. (It once stayed Deploying for good: a reconcile skipped writing
        // Ready because the informer's cache still showed the Ready before the restart; see StatusWrites.)
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                WorkflowStatus w = workflow("wc-restart").getStatus();
                return w != null && WorkflowStatus.READY.equals(w.getPhase());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Should it come back: what every thread does now tells a stuck reconcile from one never scheduled.
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, stack) -> {
                threads.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    threads.append("    at ").append(frame).append('\n');
                }
            });
            System.out.println("threads when the Workflow was still not Ready:\n" + threads);
            throw new AssertionError("not Ready 60 s after the agents restarted: "
                    + WorkflowManifests.JSON.writeValueAsString(workflow("wc-restart").getStatus()), e);
        }
        assertEquals(planId, workflow("wc-restart").getStatus().getPlan().getId(), "no re-plan");
        java.util.Map<String, String> podsAfter = groupPodUids();
        podsBefore.forEach((name, uid) -> assertEquals(uid, podsAfter.get(name), "pod " + name + " untouched"));
    }

    /** Every group pod of the test namespace (whatever workflows other tests left), name → uid. */
    private java.util.Map<String, String> groupPodUids() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        client.pods().inNamespace(NS).withLabel(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP).list()
                .getItems().forEach(p -> out.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        return out;
    }

    @Test
    void deletingAWorkflowRemovesItsPods() throws Exception {
        applyWorkflow("wc-del", "wordcount", null);
        assertFalse(client.pods().inNamespace(NS).withLabel(Resources.LABEL_WORKFLOW, "wc-del").list().getItems().isEmpty());
        client.resources(WorkflowResource.class).inNamespace(NS).withName("wc-del").delete();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client.pods().inNamespace(NS).withLabel(Resources.LABEL_WORKFLOW, "wc-del").list().getItems().isEmpty()
                        && workflow("wc-del") == null);
        assertFalse(operator.workflows().isDeployed(Resources.engineName(NS, "wc-del")));
    }
}
