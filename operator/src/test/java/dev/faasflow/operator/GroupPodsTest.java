package dev.faasflow.operator;

import dev.faasflow.crds.NodeStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.Nodes;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import dev.faasflow.workflow.WorkflowWriter;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupPodsTest {

    /** A SoyKB-sized pipeline as {@code import} makes it: 546 tasks, 14 programs, image {@code <workflow>_<program>}. */
    private static Workflow soykbLike() throws Exception {
        Workflow generated = SyntheticWorkflows.scientific(546, 14, 5);
        Map<String, String> images = new LinkedHashMap<>();
        generated.functions().forEach(f -> images.put(f.name(), "soykb_" + f.source()));
        return WorkflowParser.parse("soykb.yaml", "default.soykb", WorkflowWriter.toTree(generated), images, 10);
    }

    private static WorkflowResource resource(Workflow wf) {
        WorkflowResource r = WorkflowManifests.fromWorkflow(wf);
        r.getMetadata().setName("soykb");
        r.getMetadata().setNamespace("default");
        r.getMetadata().setUid("uid-1");
        return r;
    }

    /** The pods of a plan with the default settings, its agents at made-up addresses. */
    private static List<Pod> podsOf(Workflow wf, Plan plan) {
        Map<String, String> agents = new HashMap<>();
        plan.usedNodes().forEach(n -> agents.put(n, "http://" + n + ":7070"));
        return GroupPods.build(resource(wf), wf, plan, "p1", agents, OperatorSettings.defaults());
    }

    @Test
    void aFiveHundredTaskWorkflowOfFourteenImagesNeedsTensOfPodsNotHundredsOfContainers() throws Exception {
        Workflow wf = soykbLike();
        Plan plan = GroupingPlanner.plan(wf, Nodes.uniform(7, 120), GroupingOptions.defaults());
        List<Pod> pods = podsOf(wf, plan);

        // One pod per image per node (40 instances of scale 3 fill 120 slots, one pod's worth).
        Set<String> nodeImages = new HashSet<>();
        plan.functions().forEach((fn, f) -> nodeImages.add(f.node() + "|" + wf.function(fn).image()));
        assertEquals(nodeImages.size(), pods.size());
        assertTrue(pods.size() >= 14 && pods.size() <= 98, pods.size() + " pods");
        assertEquals(pods.size(), pods.stream().mapToInt(p -> p.getSpec().getContainers().size()).sum());
        assertEquals(pods.size(), pods.stream().map(p -> p.getMetadata().getName()).distinct().count(), "unique names");

        // Every function is served on its node by exactly one pool, whose image is its own.
        Map<String, Integer> servedBy = new HashMap<>();
        for (Pod pod : pods) {
            String image = pod.getMetadata().getAnnotations().get(Resources.ANNOTATION_IMAGE);
            assertTrue(pod.getMetadata().getName().length() <= 253, pod.getMetadata().getName());
            for (String fn : GroupPods.functionsOf(pod)) {
                assertEquals(plan.functions().get(fn).node(), pod.getSpec().getNodeName(), fn);
                assertEquals(wf.function(fn).image(), image, fn);
                servedBy.merge(fn, 1, Integer::sum);
            }
        }
        assertEquals(wf.functions().stream().map(FunctionDef::name).collect(Collectors.toSet()), servedBy.keySet());
        assertTrue(servedBy.values().stream().allMatch(n -> n == 1), "one pod per function's pool here");

        List<NodeStatus> nodes = GroupPods.nodeStatuses(plan, pods);
        assertEquals(plan.usedNodes().size(), nodes.size());
        assertEquals(pods.size(), nodes.stream().mapToInt(NodeStatus::getPods).sum());
        assertEquals(plan.groups().size(), nodes.stream().mapToInt(n -> n.getGroups().size()).sum());
        assertTrue(nodes.stream().allMatch(n -> n.getImages().size() == n.getPods()), "one pod per image here");
        assertEquals(plan.groups().size(), GroupPods.groupStatuses(plan, pods).stream()
                .filter(g -> !g.getPods().isEmpty()).count(), "every group is served");
    }

    @Test
    void functionPodsAreHardened() throws Exception {
        Workflow wf = soykbLike();
        Plan plan = GroupingPlanner.plan(wf, Nodes.uniform(7, 120), GroupingOptions.defaults());
        for (Pod pod : podsOf(wf, plan)) {
            String name = pod.getMetadata().getName();
            assertEquals(Boolean.FALSE, pod.getSpec().getAutomountServiceAccountToken(), name + ": no API token");
            assertEquals(Boolean.TRUE, pod.getSpec().getSecurityContext().getRunAsNonRoot(), name);
            assertEquals(GroupPods.NON_ROOT, pod.getSpec().getSecurityContext().getRunAsUser(), name);
            assertEquals("RuntimeDefault", pod.getSpec().getSecurityContext().getSeccompProfile().getType(), name);
            for (var c : pod.getSpec().getContainers()) {
                assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), name);
                assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), name);
                assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), name);
                assertEquals("/tmp", c.getVolumeMounts().get(0).getMountPath(), name + ": a writable /tmp");
                assertEquals(GroupPods.DEFAULT_RESOURCES, c.getResources(), name + ": requests and a memory limit");
            }
        }
    }

    @Test
    void aPoolGrowsWithItsNodesSlotsAndShrinksWithMaxContainers() throws Exception {
        Workflow wf = soykbLike();
        Plan plan = GroupingPlanner.plan(wf, Nodes.uniform(7, 120), GroupingOptions.defaults());
        Map<String, dev.faasflow.crds.FunctionSpec> specs = new HashMap<>();
        // 600 slots a node: up to 200 instances of scale 3, so an image with 20 functions × 10 warm instances needs
        // five pods of 40.
        List<ImagePool> big = ImagePool.of(wf, plan, specs, "runtime:1", 600, 40);
        for (ImagePool pool : big) {
            long cap = Math.min(pool.functions().size() * 10L, 200);
            assertEquals((cap + 39) / 40, pool.pods(), pool.image());
            assertEquals(1, pool.podsWhen(true), "an idle pool keeps one pod");
            assertEquals(pool.pods(), pool.podsWhen(false));
        }
        assertTrue(big.stream().anyMatch(p -> p.pods() > 1), "some pool needs more than one pod");
        // max_containers 1: an image of n functions runs at most n instances at once.
        Workflow one = WorkflowParser.parse("soykb.yaml", wf.name(), WorkflowWriter.toTree(wf),
                wf.functions().stream().collect(Collectors.toMap(FunctionDef::name, FunctionDef::image)), 1);
        for (ImagePool pool : ImagePool.of(one, plan, specs, "runtime:1", 600, 40)) {
            assertEquals((Math.min(pool.functions().size(), 200) + 39) / 40, pool.pods(), pool.image());
        }
        // Smaller pods: 10 instances a pod makes four times as many.
        for (ImagePool pool : ImagePool.of(wf, plan, specs, "runtime:1", 600, 10)) {
            long cap = Math.min(pool.functions().size() * 10L, 200);
            assertEquals((cap + 9) / 10, pool.pods(), pool.image());
        }
    }
}
