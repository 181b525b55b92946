package dev.faasflow.operator;

import dev.faasflow.crds.FunctionSpec;
import dev.faasflow.crds.GroupStatus;
import dev.faasflow.crds.NodeStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.MemoryQuota;
import dev.faasflow.workflow.Next;
import dev.faasflow.workflow.Workflow;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Workflow reconcile logic against the Fabric8 mock API server (CRUD mode), without the operator framework. */
@EnableKubernetesMockClient(crud = true)
class WorkflowControllerTest {
    static KubernetesClient client;

    /** Records what would be installed in the engine. */
    static final class FakeEngine implements EngineDeployer {
        final List<String> deployed = new ArrayList<>();
        final List<String> undeployed = new ArrayList<>();
        /** engine workflow name → the control mode it was last installed with. */
        final Map<String, ControlMode> modes = new java.util.HashMap<>();
        /** The nodes each install went to, in order. */
        final List<Set<String>> pushedTo = new ArrayList<>();
        /** What inFlightUntil answers: invocations of an older plan still running until then. */
        volatile long inFlightUntil;

        @Override
        public CompletableFuture<Void> deploy(Workflow workflow, Plan plan, Map<String, String> agentUrls, ControlMode mode,
                                              String planVersion, Set<String> onlyNodes) {
            deployed.add(workflow.name() + "@" + plan.usedNodes());
            pushedTo.add(onlyNodes == null ? Set.copyOf(plan.usedNodes()) : onlyNodes);
            modes.put(workflow.name(), mode);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public long inFlightUntil(String engineName, String planVersion) {
            return inFlightUntil;
        }

        /** What lastActiveMillis answers (a test moves it into the past to make a workflow idle). */
        volatile long lastActive = System.currentTimeMillis();
        volatile java.util.function.Consumer<String> onStart = w -> {
        };

        @Override
        public long lastActiveMillis(String engineName) {
            return lastActive;
        }

        @Override
        public void onInvocationStart(java.util.function.Consumer<String> listener) {
            onStart = listener;
        }

        @Override
        public void undeploy(String engineName, Map<String, String> agentUrls) {
            undeployed.add(engineName);
        }
    }

    FakeEngine engine;
    WorkflowController controller;

    @BeforeEach
    void setUp() {
        client.pods().inAnyNamespace().delete();
        client.resources(WorkflowResource.class).inAnyNamespace().delete();
        engine = new FakeEngine();
        controller = new WorkflowController(client, OperatorSettings.defaults(), engine, new EventRecorder(client));
    }

    private WorkflowResource apply(String namespace, WorkflowResource wf) {
        wf.getMetadata().setNamespace(namespace);
        return client.resources(WorkflowResource.class).inNamespace(namespace).resource(wf).create();
    }

    /** One agent (node-a) in the cluster, and the benchmark's workflow applied in namespace default. */
    private WorkflowResource applyWithOneAgent(String benchmark) throws Exception {
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        return apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load(benchmark)));
    }

    /**
     * Reconciles as the operator would after each change it causes: once, the kubelet (played here) makes the
     * group pods ready, and once more (the pods' readiness wakes the reconciler).
     */
    private WorkflowResource reconcile(WorkflowResource wf) {
        reconcileOnce(wf);
        TestCluster.markGroupPodsReady(client, wf.getMetadata().getNamespace());
        return reconcileOnce(wf);
    }

    /** One reconcile, and its status written as the operator would. */
    private WorkflowResource reconcileOnce(WorkflowResource wf) {
        WorkflowResource current = client.resources(WorkflowResource.class).inNamespace(wf.getMetadata().getNamespace())
                .withName(wf.getMetadata().getName()).get();
        WorkflowController.Result r = controller.reconcile(current);
        current.setStatus(r.status());
        return client.resources(WorkflowResource.class).inNamespace(wf.getMetadata().getNamespace()).resource(current)
                .updateStatus();
    }

    private List<Pod> podsOf(String namespace, String workflow) {
        return client.pods().inNamespace(namespace).withLabel(Resources.LABEL_WORKFLOW, workflow).list().getItems();
    }

    @Test
    void everyBenchmarkGetsItsPlanAndPinnedPodsPerImageAndNode() throws Exception {
        for (String node : List.of("node-a", "node-b", "node-c")) {
            TestCluster.addAgent(client, node, "http://10.0.0." + node.charAt(5) + ":7070");
        }
        for (String name : Benchmarks.NAMES) {
            Workflow model = Benchmarks.load(name);
            WorkflowResource wf = apply("bench", WorkflowManifests.fromWorkflow(model));
            WorkflowResource done = reconcile(wf);
            WorkflowStatus s = done.getStatus();
            assertEquals(WorkflowStatus.READY, s.getPhase(), name + ": " + s.getMessage());
            assertEquals(model.size(), s.getFunctionCount());
            assertEquals(model.size(), s.getPlan().getFunctions().size(), name);
            assertEquals(s.getGroupCount(), s.getPlan().getGroups().size());
            Condition ready = s.condition(WorkflowController.CONDITION_READY);
            assertEquals("True", ready.getStatus());
            assertEquals("False", s.condition(WorkflowController.CONDITION_INVALID).getStatus());

            String rn = wf.getMetadata().getName();
            Map<String, Pod> pods = podsOf("bench", rn).stream()
                    .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
            Set<String> served = new HashSet<>();
            for (GroupStatus g : s.getPlan().getGroups()) {
                List<String> real = g.getFunctions().stream()
                        .filter(f -> GroupPods.needsContainer(model.function(f))).toList();
                if (real.isEmpty()) {
                    assertTrue(g.getPods().isEmpty(), name + " group " + g.getId() + " has only virtual functions");
                    continue;
                }
                assertFalse(g.getPods().isEmpty(), name + " group " + g.getId());
                for (String podName : g.getPods()) {
                    Pod pod = pods.get(podName);
                    assertNotNull(pod, name + " group " + g.getId() + ": " + podName);
                    assertEquals(g.getNode(), pod.getSpec().getNodeName(), "pinned to its group's node");
                }
                for (String f : real) {
                    // Each function is served by a pod of its own image on its own node.
                    assertTrue(g.getPods().stream().map(pods::get).anyMatch(p -> GroupPods.functionsOf(p).contains(f)
                            && java.util.Objects.equals(model.function(f).image() != null ? model.function(f).image()
                            : p.getSpec().getContainers().get(0).getImage(),
                            p.getMetadata().getAnnotations().get(Resources.ANNOTATION_IMAGE))), name + " " + f);
                    served.add(f);
                }
            }
            for (Pod pod : pods.values()) {
                assertEquals(1, pod.getSpec().getContainers().size(), "one container per pod");
                Container c = pod.getSpec().getContainers().get(0);
                Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                        .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
                String node = pod.getSpec().getNodeName();
                assertEquals(s.getPlan().getAgents().get(node), env.get("FAASFLOW_AGENT_URL"));
                assertEquals("bench." + rn, env.get("FAASFLOW_WORKFLOW"));
                assertEquals(Integer.toString(c.getPorts().get(0).getContainerPort()), env.get("FAASFLOW_FUNCTION_PORT"));
                assertEquals(1, pod.getMetadata().getOwnerReferences().size());
                assertEquals(done.getMetadata().getUid(), pod.getMetadata().getOwnerReferences().get(0).getUid());
                assertEquals("Workflow", pod.getMetadata().getOwnerReferences().get(0).getKind());
                assertTrue(pod.getMetadata().getOwnerReferences().get(0).getController());
                for (String f : GroupPods.functionsOf(pod)) {
                    assertEquals(node, s.getPlan().getFunctions().get(f).getNode(), f + " is served on its own node");
                }
            }
            long nonVirtual = model.functions().stream().filter(GroupPods::needsContainer).count();
            assertEquals(nonVirtual, served.size(), name + ": every non-virtual function is served");
            // Per node: its groups, its images, its pods.
            assertEquals(pods.size(), s.getPlan().getNodes().stream().mapToInt(NodeStatus::getPods).sum());
            assertEquals(s.getPlan().getGroups().size(), s.getPlan().getNodes().stream()
                    .mapToInt(n -> n.getGroups().size()).sum());
            for (NodeStatus n : s.getPlan().getNodes()) {
                assertEquals(pods.values().stream().filter(p -> n.getNode().equals(p.getSpec().getNodeName()))
                        .map(p -> p.getMetadata().getAnnotations().get(Resources.ANNOTATION_IMAGE))
                        .collect(Collectors.toSet()), Set.copyOf(n.getImages()), name + " " + n.getNode());
            }

            // A second reconcile changes nothing: same plan, same pods, no second deployment.
            int deployments = engine.deployed.size();
            WorkflowResource again = reconcile(done);
            assertEquals(s.getPlan().getId(), again.getStatus().getPlan().getId());
            assertEquals(pods.keySet(), podsOf("bench", rn).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()));
            assertEquals(deployments, engine.deployed.size());
            assertTrue(pods.keySet().stream().allMatch(p -> p.startsWith(rn + "-")), pods.keySet().toString());
        }
        assertEquals(Benchmarks.NAMES.size(), engine.deployed.size());
        assertTrue(engine.deployed.stream().anyMatch(d -> d.startsWith("bench.illgal-recognizer@")), engine.deployed.toString());
    }

    @Test
    void anInvalidWorkflowSaysWhichFunctionAndFieldAndGetsNoPods() throws Exception {
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        WorkflowResource wf = WorkflowManifests.fromWorkflow(Benchmarks.load("wordcount"));
        FunctionSpec count = wf.getSpec().getFunctions().get(1);
        count.setNext(new Next(count.getNext().type(), List.of("merge", "nowhere"), List.of()));
        wf = apply("default", wf);
        WorkflowStatus s = reconcile(wf).getStatus();
        assertEquals(WorkflowStatus.INVALID, s.getPhase());
        Condition invalid = s.condition(WorkflowController.CONDITION_INVALID);
        assertEquals("True", invalid.getStatus());
        assertTrue(invalid.getMessage().contains("function 'count', field 'next.nodes[1]': unknown successor 'nowhere'"),
                invalid.getMessage());
        assertEquals("False", s.condition(WorkflowController.CONDITION_READY).getStatus());
        assertNull(s.getPlan());
        assertTrue(podsOf("default", "wordcount").isEmpty());
        assertTrue(engine.deployed.isEmpty());
        // Reconciling again is quiet: same status, no exception, still no pods.
        WorkflowStatus again = reconcile(wf).getStatus();
        assertEquals(s.getMessage(), again.getMessage());
        assertEquals(invalid.getLastTransitionTime(), again.condition(WorkflowController.CONDITION_INVALID).getLastTransitionTime());
        boolean warned = client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "Invalid".equals(e.getReason()) && e.getMessage().contains("nowhere"));
        assertTrue(warned, "an Invalid event names the problem");
    }

    @Test
    void withoutAgentsTheWorkflowWaits() throws Exception {
        WorkflowResource wf = apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load("video")));
        WorkflowStatus s = reconcile(wf).getStatus();
        assertEquals(WorkflowStatus.PENDING, s.getPhase());
        assertTrue(s.getMessage().contains("no node runs a ready FaaSFlow agent"), s.getMessage());
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        assertEquals(WorkflowStatus.READY, reconcile(wf).getStatus().getPhase());
    }

    @Test
    void aNewNodeOrAnAgentRestartReplansNothingAndTouchesNoPod() throws Exception {
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        TestCluster.addAgent(client, "node-b", "http://10.0.0.2:7070");
        WorkflowResource wf = apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load("genome")));
        WorkflowStatus first = reconcile(wf).getStatus();
        assertEquals(WorkflowStatus.READY, first.getPhase(), first.getMessage());
        Map<String, String> firstPods = podUids("genome");
        assertEquals(Set.of("node-a", "node-b"), first.getPlan().getAgents().keySet());

        // A new node: the plan in force is still good, so nothing moves.
        TestCluster.addAgent(client, "node-c", "http://10.0.0.3:7070");
        WorkflowStatus second = reconcile(wf).getStatus();
        assertEquals(first.getPlan().getId(), second.getPlan().getId());
        assertEquals(firstPods, podUids("genome"), "the same pods, not recreated");

        // An agent restart (same address, new start time): the deployment is pushed to that agent only.
        int installs = engine.pushedTo.size();
        TestCluster.restartAgent(client, "node-b", "2026-01-02T00:00:00Z");
        WorkflowStatus third = reconcile(wf).getStatus();
        assertEquals(first.getPlan().getId(), third.getPlan().getId());
        assertEquals(firstPods, podUids("genome"));
        assertEquals(installs + 1, engine.pushedTo.size());
        assertEquals(Set.of("node-b"), engine.pushedTo.get(engine.pushedTo.size() - 1));
        assertEquals(WorkflowStatus.READY, third.getPhase());
    }

    @Test
    void aNodeWhoseAgentIsGoneIsLeftAfterTheGracePeriodAndUnchangedGroupsKeepTheirPods() throws Exception {
        for (String node : List.of("node-a", "node-b", "node-c")) {
            TestCluster.addAgent(client, node, "http://10.0.0." + node.charAt(5) + ":7070");
        }
        WorkflowResource wf = apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load("genome")));
        WorkflowStatus first = reconcile(wf).getStatus();
        String lost = first.getPlan().getGroups().get(0).getNode();
        Map<String, String> before = podUids("genome");

        // Within the grace period (an agent restarting): the plan stays, the Ready condition says why.
        TestCluster.removeAgent(client, lost);
        WorkflowController.Result waiting = controller.reconcile(current("genome"));
        assertEquals(first.getPlan().getId(), waiting.status().getPlan().getId());
        Condition ready = waiting.status().condition(WorkflowController.CONDITION_READY);
        assertEquals("False", ready.getStatus());
        assertEquals("AgentNotReady", ready.getReason());
        assertTrue(ready.getMessage().contains(lost), ready.getMessage());
        assertNotNull(waiting.retryAfter(), "looks again when the grace period ends");
        assertEquals(before, podUids("genome"));

        // After it: re-planned without the node; a group whose functions and node are unchanged keeps its pod.
        controller = new WorkflowController(client, OperatorSettings.defaults().withAgentGraceSeconds(0), engine,
                new EventRecorder(client));
        WorkflowStatus replanned = reconcile(wf).getStatus();
        assertNotEquals(first.getPlan().getId(), replanned.getPlan().getId());
        assertFalse(replanned.getPlan().getAgents().containsKey(lost));
        assertTrue(replanned.getPlan().getGroups().stream().noneMatch(g -> g.getNode().equals(lost)));
        assertTrue(podsOf("default", "genome").stream().noneMatch(p -> lost.equals(p.getSpec().getNodeName())));
        Map<String, String> after = podUids("genome");
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (before.containsKey(e.getKey())) {
                assertEquals(before.get(e.getKey()), e.getValue(), "kept, not recreated: " + e.getKey());
            }
        }
        assertEquals(WorkflowStatus.READY, replanned.getPhase(), replanned.getMessage());
    }

    @Test
    void podsOfAnOlderPlanStayWhileItsInvocationsRun() throws Exception {
        WorkflowResource wf = applyWithOneAgent("fileprocessing");
        reconcile(wf);
        Set<String> v1 = podUids("fileprocessing").keySet();
        // A new image for one function: its group's pod changes, the older one keeps serving running invocations.
        engine.inFlightUntil = System.currentTimeMillis() + 60_000;
        client.resources(WorkflowResource.class).inNamespace("default").withName("fileprocessing").edit(w -> {
            w.getSpec().getFunctions().get(0).setContainerImage("example.org/other:1");
            return w;
        });
        WorkflowController.Result r = controller.reconcile(current("fileprocessing"));
        assertEquals("PodsNotReady", r.status().condition(WorkflowController.CONDITION_READY).getReason());
        TestCluster.markGroupPodsReady(client, "default");
        reconcileOnce(wf);
        Set<String> both = podUids("fileprocessing").keySet();
        assertTrue(both.containsAll(v1), "the older plan's pods stay: " + both);
        assertTrue(both.size() > v1.size());
        engine.inFlightUntil = 0; // its last invocation ended
        reconcileOnce(wf);
        Set<String> v2 = podUids("fileprocessing").keySet();
        assertFalse(v2.containsAll(v1), "the older pods went: " + v2);
    }

    @Test
    void aGroupPodDeletedByHandOrFailedIsRecreated() throws Exception {
        WorkflowResource wf = applyWithOneAgent("wordcount");
        reconcile(wf);
        Pod pod = podsOf("default", "wordcount").get(0);
        String name = pod.getMetadata().getName();

        client.pods().inNamespace("default").withName(name).delete();
        WorkflowController.Result missing = controller.reconcile(current("wordcount"));
        Pod again = client.pods().inNamespace("default").withName(name).get();
        assertNotNull(again, "created again under its name");
        assertNotEquals(pod.getMetadata().getUid(), again.getMetadata().getUid());
        assertEquals("False", missing.status().condition(WorkflowController.CONDITION_READY).getStatus());
        assertEquals(WorkflowStatus.READY, reconcile(wf).getStatus().getPhase());

        // Evicted (pods pinned by nodeName are never rescheduled): deleted, then created again.
        Pod failed = client.pods().inNamespace("default").withName(name).get();
        failed.getStatus().setPhase("Failed");
        failed.getStatus().setReason("Evicted");
        failed.getStatus().setMessage("The node was low on resource: memory.");
        client.pods().inNamespace("default").resource(failed).updateStatus();
        controller.reconcile(current("wordcount"));
        WorkflowController.Result recreated = controller.reconcile(current("wordcount"));
        Pod third = client.pods().inNamespace("default").withName(name).get();
        assertNotNull(third);
        assertNotEquals(failed.getMetadata().getUid(), third.getMetadata().getUid());
        assertEquals("False", recreated.status().condition(WorkflowController.CONDITION_READY).getStatus());
        assertEquals(WorkflowStatus.READY, reconcile(wf).getStatus().getPhase());
    }

    @Test
    void aNamespaceThatRunsAWorkflowGetsAPolicyLettingOnlyAgentsReachItsFunctionPods() throws Exception {
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        client.network().v1().networkPolicies().inAnyNamespace().delete();
        reconcile(apply("team-a", WorkflowManifests.fromWorkflow(Benchmarks.load("wordcount"))));
        var policy = client.network().v1().networkPolicies().inNamespace("team-a").withName(FunctionPodsPolicy.NAME).get();
        assertNotNull(policy, "created with the first workflow of the namespace");
        assertEquals(Map.of(Resources.LABEL_NAME, "faasflow-function", Resources.LABEL_COMPONENT,
                Resources.COMPONENT_FUNCTION_GROUP), policy.getSpec().getPodSelector().getMatchLabels());
        var from = policy.getSpec().getIngress().get(0).getFrom();
        assertEquals(1, from.size());
        assertEquals(FunctionPodsPolicy.matchLabels(OperatorSettings.DEFAULT_AGENT_SELECTOR),
                from.get(0).getPodSelector().getMatchLabels(), "only the agents");
        assertTrue(podsOf("team-a", "wordcount").stream().allMatch(p -> p.getMetadata().getLabels()
                .entrySet().containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet())),
                "the policy selects the function pods");

        controller = new WorkflowController(client, OperatorSettings.defaults().withNetworkPolicy(false), engine,
                new EventRecorder(client));
        reconcile(apply("team-b", WorkflowManifests.fromWorkflow(Benchmarks.load("wordcount"))));
        assertNull(client.network().v1().networkPolicies().inNamespace("team-b").withName(FunctionPodsPolicy.NAME).get(),
                "turned off: none");
    }

    @Test
    void anIdleWorkflowKeepsOnePodPerImageAndGrowsBackWhenInvoked() throws Exception {
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        List<ResourceID> woken = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Pods of 5 instances: wordcount's pools need several each while busy; idle after 1 s without invocations.
        controller = new WorkflowController(client, OperatorSettings.defaults()
                .withPools(new OperatorSettings.PoolSizing(5, 1)), engine, new EventRecorder(client), woken::add);
        engine.lastActive = 0;
        WorkflowResource wf = apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load("wordcount")));
        WorkflowResource busy = reconcile(wf);
        assertEquals(WorkflowStatus.READY, busy.getStatus().getPhase());
        Set<String> busyPods = podUids("wordcount").keySet();
        Set<String> images = podsOf("default", "wordcount").stream()
                .map(p -> p.getMetadata().getAnnotations().get(Resources.ANNOTATION_IMAGE)).collect(Collectors.toSet());
        assertTrue(busyPods.size() > images.size(), "busy: several pods per image, got " + busyPods);

        Thread.sleep(1_100); // installed more than the idle time ago, and no invocation since
        WorkflowResource idle = reconcile(wf);
        List<Pod> left = podsOf("default", "wordcount").stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        assertEquals(images.size(), left.size(), "idle: one pod per image");
        assertTrue(busyPods.containsAll(left.stream().map(p -> p.getMetadata().getName()).toList()),
                "the pods kept are the busy pool's first ones, not new ones");
        assertEquals(WorkflowStatus.READY, idle.getStatus().getPhase(), "an idle workflow stays Ready");
        assertTrue(idle.getStatus().getMessage().contains("idle"), idle.getStatus().getMessage());
        assertEquals(left.size(), idle.getStatus().getPlan().getNodes().stream().mapToInt(NodeStatus::getPods).sum());
        assertTrue(woken.isEmpty());

        // An invocation starts: the Workflow is woken and its pools grow back to their busy size.
        engine.lastActive = System.currentTimeMillis();
        engine.onStart.accept("default.wordcount");
        assertEquals(List.of(ResourceID.fromResource(current("wordcount"))), woken);
        engine.onStart.accept("default.wordcount");
        assertEquals(1, woken.size(), "woken once, not per invocation");
        WorkflowResource again = reconcile(wf);
        assertEquals(busyPods, podUids("wordcount").keySet());
        assertEquals(WorkflowStatus.READY, again.getStatus().getPhase());
        assertFalse(again.getStatus().getMessage().contains("idle"), again.getStatus().getMessage());
        List<String> reasons = client.v1().events().inNamespace("default").list().getItems().stream()
                .map(io.fabric8.kubernetes.api.model.Event::getReason).toList();
        assertTrue(reasons.contains("PodsScaledDown") && reasons.contains("PodsScaledUp"), reasons.toString());
    }

    @Test
    void anImageThatCannotBePulledShowsInTheReadyConditionWithPodAndContainer() throws Exception {
        WorkflowResource wf = applyWithOneAgent("wordcount");
        reconcileOnce(wf);
        Pod pod = podsOf("default", "wordcount").get(0);
        String container = pod.getSpec().getContainers().get(0).getName();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending")
                .addNewContainerStatus().withName(container).withReady(false).withImage("nowhere/none:1")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"nowhere/none:1\"").endWaiting().endState().endContainerStatus()
                .build());
        client.pods().inNamespace("default").resource(pod).updateStatus();
        WorkflowStatus s = reconcileOnce(wf).getStatus();
        Condition ready = s.condition(WorkflowController.CONDITION_READY);
        assertEquals("False", ready.getStatus());
        assertEquals("ImagePullBackOff", ready.getReason());
        assertTrue(ready.getMessage().contains("pod " + pod.getMetadata().getName() + ", container " + container
                + ": ImagePullBackOff: Back-off pulling image"), ready.getMessage());
        assertEquals(WorkflowStatus.PENDING, s.getPhase());
        assertFalse(controller.isDeployed("default.wordcount"), "not installed before its pods can run");
        assertTrue(engine.deployed.isEmpty());
    }

    private WorkflowResource current(String name) {
        return client.resources(WorkflowResource.class).inNamespace("default").withName(name).get();
    }

    private Map<String, String> podUids(String workflow) {
        return podsOf("default", workflow).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getMetadata().getUid()));
    }

    @Test
    void deletingAWorkflowRemovesItsPods() throws Exception {
        WorkflowResource wf = applyWithOneAgent("fileprocessing");
        WorkflowResource done = reconcile(wf);
        assertFalse(podsOf("default", "fileprocessing").isEmpty());
        controller.cleanup(done);
        assertTrue(podsOf("default", "fileprocessing").isEmpty());
        assertEquals(List.of("default.fileprocessing"), engine.undeployed);
        assertFalse(controller.isDeployed("default.fileprocessing"));
    }

    @Test
    void aTinyMemoryQuotaSplitsCyclesIntoMoreGroups() throws Exception {
        for (String node : List.of("node-a", "node-b", "node-c")) {
            TestCluster.addAgent(client, node, "http://10.0.0." + node.charAt(5) + ":7070");
        }
        Workflow cycles = Benchmarks.load("cycles");
        WorkflowStatus formula = reconcile(apply("formula", WorkflowManifests.fromWorkflow(cycles))).getStatus();
        assertEquals(WorkflowStatus.READY, formula.getPhase(), formula.getMessage());
        assertEquals(MemoryQuota.of(cycles), formula.getPlan().getQuotaBytes(), "no setting: the paper's formula");
        assertFalse(formula.getPlan().getStopReason().contains("memory quota"), formula.getPlan().getStopReason());

        // faasflow.quota-bytes=1: no output fits in node memory, so no merge that needs it happens.
        controller = new WorkflowController(client, OperatorSettings.defaults().withQuotaBytes(1L), engine,
                new EventRecorder(client));
        WorkflowStatus tiny = reconcile(apply("tiny", WorkflowManifests.fromWorkflow(cycles))).getStatus();
        assertEquals(WorkflowStatus.READY, tiny.getPhase(), tiny.getMessage());
        assertEquals(1L, tiny.getPlan().getQuotaBytes());
        assertEquals(0L, tiny.getPlan().getMemoryPlannedBytes());
        assertTrue(tiny.getPlan().getStopReason().contains("over the memory quota"), tiny.getPlan().getStopReason());
        assertTrue(tiny.getGroupCount() > formula.getGroupCount(),
                "groups with the formula's quota " + formula.getGroupCount() + ", with 1 byte " + tiny.getGroupCount());
        // Pods are per image and node, not per group: more groups need no more pods than their images on their nodes.
        assertTrue(podsOf("tiny", "cycles").size() <= tiny.getPlan().getNodes().stream()
                .mapToInt(n -> n.getImages().size() * 3).sum());
    }

    @Test
    void aWorkflowWithoutModesRunsInTheOperatorsDefaultsAndTheStatusSaysWhich() throws Exception {
        TestCluster.addAgent(client, "node-a", "http://10.0.0.1:7070");
        TestCluster.addAgent(client, "node-b", "http://10.0.0.2:7070");
        WorkflowResource wf = apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load("genome")));
        assertNull(wf.getSpec().getControlMode());
        assertNull(wf.getSpec().getDataMode());
        // The built-in defaults: WorkerSP, optimized.
        WorkflowStatus builtIn = reconcile(wf).getStatus();
        assertEquals(ControlMode.WORKER_SP, builtIn.getControlMode());
        assertEquals(DataMode.OPTIMIZED, builtIn.getDataMode());
        assertEquals("optimized", builtIn.getPlan().getDataMode());
        assertEquals(ControlMode.WORKER_SP, engine.modes.get("default.genome"));

        // Other defaults (the chart's defaults.*): the same Workflow is re-planned in them.
        controller = new WorkflowController(client, OperatorSettings.defaults().withDefaultModes(ControlMode.MASTER_SP,
                DataMode.RAW), engine, new EventRecorder(client));
        WorkflowStatus configured = reconcile(wf).getStatus();
        assertEquals(WorkflowStatus.READY, configured.getPhase(), configured.getMessage());
        assertEquals(ControlMode.MASTER_SP, configured.getControlMode());
        assertEquals(DataMode.RAW, configured.getDataMode());
        assertEquals("raw", configured.getPlan().getDataMode());
        assertEquals("MasterSP", configured.getPlan().getControlMode());
        assertTrue(configured.getPlan().getStopReason().startsWith("raw data mode"), configured.getPlan().getStopReason());
        assertNotEquals(builtIn.getPlan().getId(), configured.getPlan().getId(), "a changed default re-plans");
        assertEquals(ControlMode.MASTER_SP, engine.modes.get("default.genome"));

        // A mode the spec names wins over the default; the other one still comes from the default.
        WorkflowResource own = client.resources(WorkflowResource.class).inNamespace("default").withName("genome")
                .edit(w -> {
                    w.getSpec().setControlMode(ControlMode.WORKER_SP);
                    return w;
                });
        WorkflowStatus mixed = reconcile(own).getStatus();
        assertEquals(ControlMode.WORKER_SP, mixed.getControlMode());
        assertEquals(DataMode.RAW, mixed.getDataMode());
        assertEquals(ControlMode.WORKER_SP, engine.modes.get("default.genome"));
    }

    @Test
    void thePendingStatusShowsTheModesToo() throws Exception {
        controller = new WorkflowController(client, OperatorSettings.defaults().withDefaultModes(ControlMode.MASTER_SP,
                DataMode.OPTIMIZED), engine, new EventRecorder(client));
        WorkflowStatus s = reconcile(apply("default", WorkflowManifests.fromWorkflow(Benchmarks.load("video")))).getStatus();
        assertEquals(WorkflowStatus.PENDING, s.getPhase());
        assertEquals(ControlMode.MASTER_SP, s.getControlMode());
        assertEquals(DataMode.OPTIMIZED, s.getDataMode());
    }

    private Set<String> podNames(String workflow) {
        return podsOf("default", workflow).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }
}
