package dev.faasflow.grouping;

import dev.faasflow.workflow.DataMode;

import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.MemoryQuota;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupingPlannerTest {
    private static final List<NodeSpec> ARTIFACT_NODES = Nodes.uniform(7, 120);

    private static Plan plan(String benchmark, GroupingOptions options) throws Exception {
        return GroupingPlanner.plan(Benchmarks.load(benchmark), ARTIFACT_NODES, options);
    }

    @Test
    void planningIsDeterministicAndSharesNothingBetweenWorkflows() throws Exception {
        String first = PlanRenderer.toJson(plan("genome", GroupingOptions.defaults())).toString();
        plan("cycles", GroupingOptions.defaults()); // planning another workflow in between changes nothing
        String again = PlanRenderer.toJson(plan("genome", GroupingOptions.defaults())).toString();
        assertEquals(first, again);
    }

    @Test
    void everyFunctionIsInExactlyOneGroupAndNodesAreNotOverfull() throws Exception {
        for (String name : Benchmarks.NAMES) {
            Plan p = plan(name, GroupingOptions.defaults());
            Set<String> seen = new HashSet<>();
            for (GroupPlan g : p.groups()) {
                for (String f : g.functions()) {
                    assertTrue(seen.add(f), name + ": " + f + " in two groups");
                    assertEquals(g.node(), p.function(f).node());
                    assertEquals(g.id(), p.function(f).group());
                }
                assertTrue(g.functions().size() <= GroupingOptions.DEFAULT_GROUP_LIMIT);
            }
            assertEquals(p.functions().keySet(), seen);
            for (NodeSpec node : p.nodes()) {
                int used = p.groups().stream().filter(g -> g.node().equals(node.name())).mapToInt(GroupPlan::slots).sum();
                assertTrue(used <= node.capacity(), name + ": " + node.name() + " holds " + used + " slots");
            }
        }
    }

    @Test
    void groupingShortensTheCriticalPath() throws Exception {
        Plan p = plan("cycles", GroupingOptions.defaults());
        assertTrue(p.criticalPathAfterSeconds() < p.criticalPathBeforeSeconds(),
                p.criticalPathAfterSeconds() + " vs " + p.criticalPathBeforeSeconds());
        assertTrue(p.merges() > 0);
        assertFalse(p.criticalPath().isEmpty());
    }

    @Test
    void destinationsFollowWhereTheConsumersRun() throws Exception {
        Plan video = plan("video", GroupingOptions.defaults());
        // simple_process sits alone: what reaches it through virtual1 must go to the remote store too.
        assertNotEquals(video.function("upload").group(), video.function("simple_process").group());
        assertEquals(Destination.DB_MEM, video.function("upload").destination());
        assertEquals(Destination.MEM, video.function("split").destination());
        assertEquals(Destination.DB, video.function("merge").destination(), "a sink's outputs are results");
        assertEquals(Destination.DB, video.function("simple_process").destination());
        assertTrue(video.function("transcode").foreach());
        assertTrue(video.function("merge").merge());
        assertEquals(1, video.function("merge").predecessors());

        Plan ir = plan("illgal_recognizer", GroupingOptions.defaults());
        assertEquals(2, ir.function("mosaic").predecessors());
        assertTrue(ir.function("upload").start());
    }

    @Test
    void rawModePlacesByHashAndSendsEverythingRemote() throws Exception {
        Plan raw = plan("genome", GroupingOptions.of(DataMode.RAW));
        assertEquals(50, raw.groups().size());
        assertEquals(0, raw.merges());
        raw.functions().values().forEach(f -> assertEquals(Destination.DB, f.destination()));
        assertEquals(raw.criticalPathBeforeSeconds(), raw.criticalPathAfterSeconds());
        // Hash placement spreads functions over the nodes.
        assertTrue(raw.usedNodes().size() > 3);
    }

    @Test
    void aTinyQuotaStopsMerging() throws Exception {
        Plan p = GroupingPlanner.plan(Benchmarks.load("cycles"), ARTIFACT_NODES,
                new GroupingOptions(DataMode.OPTIMIZED, 100, 1_000L));
        assertTrue(p.stopReason().contains("memory quota"), p.stopReason());
        assertTrue(p.memoryPlannedBytes() <= 1_000L);
        assertTrue(p.groups().size() > 4);
    }

    @Test
    void theGroupLimitBoundsGroups() throws Exception {
        Workflow wf = SyntheticWorkflows.layered(400, 7);
        Plan p = GroupingPlanner.plan(wf, Nodes.uniform(20, 400), new GroupingOptions(DataMode.OPTIMIZED, 5, null));
        p.groups().forEach(g -> assertTrue(g.functions().size() <= 5));
    }

    @Test
    void capacityIsRespected() throws Exception {
        // 7 nodes of 30 slots hold 8 functions each (0.8 x 30 = 24 slots): no group can exceed 8.
        Plan p = GroupingPlanner.plan(Benchmarks.load("epigenomics"), Nodes.uniform(7, 30), GroupingOptions.defaults());
        p.groups().forEach(g -> assertTrue(g.slots() <= 24, g.toString()));
        p.nodeLoads().forEach(n -> assertTrue(n.usedSlots() <= n.capacity(), n.toString()));
    }

    @Test
    void aWorkflowLargerThanTheClusterStillPlans() throws Exception {
        // Cycles needs 138 slots; one node offers 96: it plans, and the node is 1.44 x oversubscribed.
        Plan p = GroupingPlanner.plan(Benchmarks.load("cycles"), Nodes.uniform(1, 120), GroupingOptions.defaults());
        assertEquals(46, p.functions().size());
        assertEquals(138, p.slotsNeeded());
        NodeLoad only = p.nodeLoads().get(0);
        assertEquals(138, only.usedSlots());
        assertEquals(138 / 96.0, only.factor(), 1e-9);
        assertTrue(only.oversubscribed());
        p.groups().forEach(g -> assertTrue(g.slots() <= 96, g.toString()));
        assertTrue(p.merges() > 0);
        assertTrue(PlanRenderer.toTable(p).contains("oversubscribed: the functions need 138 slots, the nodes offer 96"),
                PlanRenderer.toTable(p));
    }

    @Test
    void aSoyKbSizedWorkflowSpreadsItsGroupsEvenly() throws Exception {
        // 546 tasks of 14 programs, like the real SoyKB trace: 1,638 slots on 7 nodes offering 672.
        Workflow wf = SyntheticWorkflows.scientific(546, 14, 1);
        List<NodeSpec> nodes = Nodes.uniform(7, 120);
        Plan p = GroupingPlanner.plan(wf, nodes, GroupingOptions.defaults());

        Set<String> placed = new HashSet<>();
        p.groups().forEach(g -> g.functions().forEach(f -> assertTrue(placed.add(f), f + " in two groups")));
        assertEquals(546, placed.size());
        assertEquals(wf.functions().stream().map(dev.faasflow.workflow.FunctionDef::name).collect(java.util.stream.Collectors.toSet()), placed);
        p.functions().forEach((name, f) -> assertTrue(f.node().startsWith("node-"), name));
        assertTrue(p.merges() > 0, "merging still happens");
        assertTrue(p.stopReason().startsWith("no edge of the critical path can merge"), p.stopReason());

        double average = 1638 / 672.0;
        assertEquals(1638, p.slotsNeeded());
        assertEquals(average, p.oversubscription(), 1e-9);
        int largest = p.groups().stream().mapToInt(GroupPlan::slots).max().orElseThrow();
        assertTrue(largest <= 96, "every group fits one node's capacity: " + largest);
        List<NodeLoad> loads = p.nodeLoads();
        assertEquals(7, loads.size());
        assertEquals(1638, loads.stream().mapToInt(NodeLoad::usedSlots).sum());
        double max = loads.stream().mapToDouble(NodeLoad::factor).max().orElseThrow();
        double min = loads.stream().mapToDouble(NodeLoad::factor).min().orElseThrow();
        // Largest group first onto the least loaded node: on equal nodes the loads differ by at most the
        // largest group, and none exceeds the average by more than that.
        assertTrue(max - min <= largest / 96.0 + 1e-9, loads.toString());
        assertTrue(max <= average + largest / 96.0 + 1e-9, loads.toString());
        System.out.printf("scientific-546-14 on 7 x 120: %d groups (largest %d slots), loads %.2f .. %.2f (average %.2f)%n",
                p.groups().size(), largest, min, max, average);

        String json = PlanRenderer.toJson(p).toString();
        assertTrue(json.contains("\"oversubscription\":2.438"), json.substring(0, 200));
        assertTrue(PlanRenderer.toJson(p).path("nodes").get(0).has("load"));
        assertEquals(p.groups(), PlanRenderer.fromJson(PlanRenderer.toJson(p)).groups());
    }

    @Test
    void aFunctionLargerThanEveryNodeIsRefused() throws Exception {
        Workflow wf = WorkflowLoader.parse("big.yaml", "big", """
                functions:
                - {name: small, runtime: 1, next: {type: pass, nodes: [huge]}}
                - {name: huge, runtime: 1, scale: 150}
                """);
        PlanningException e = assertThrows(PlanningException.class,
                () -> GroupingPlanner.plan(wf, List.of(new NodeSpec("a", 120), new NodeSpec("b", 100)), GroupingOptions.defaults()));
        assertTrue(e.getMessage().contains("function 'huge' has scale 150"), e.getMessage());
        assertTrue(e.getMessage().contains("the largest, a, has 120"), e.getMessage());

        // Above a node's capacity (96) but within its slots (120): it runs, its node is oversubscribed.
        Workflow wide = WorkflowLoader.parse("wide.yaml", "wide", """
                functions:
                - {name: small, runtime: 1, next: {type: pass, nodes: [wide]}}
                - {name: wide, runtime: 1, scale: 100}
                """);
        Plan p = GroupingPlanner.plan(wide, Nodes.uniform(1, 120), GroupingOptions.defaults());
        assertEquals(List.of(1, 1), p.groupSizes());
        assertEquals(103, p.nodeLoads().get(0).usedSlots());
    }

    @Test
    void amongEqualWeightsTheEdgeNearestTheEndMergesFirst() throws Exception {
        // a -> b -> c, both outputs 1 MB: the two edges weigh the same. With at most two functions per
        // group only one merge fits, and the artifact's order makes it b -> c (nearest the end), not a -> b.
        Workflow three = WorkflowLoader.parse("ties3.yaml", "ties3", """
                functions:
                - {name: a, runtime: 1, output: {x: {size: 1000000}}, next: {type: pass, nodes: [b]}}
                - {name: b, runtime: 1, output: {y: {size: 1000000}}, next: {type: pass, nodes: [c]}}
                - {name: c, runtime: 1, output: {z: {size: 1000000}}}
                """);
        Plan q = GroupingPlanner.plan(three, ARTIFACT_NODES, new GroupingOptions(DataMode.OPTIMIZED, 2, null));
        assertEquals(List.of(2, 1), q.groupSizes());
        assertEquals(q.function("b").group(), q.function("c").group());
        assertNotEquals(q.function("a").group(), q.function("b").group());
    }

    @Test
    void aNodesFileNamesTheNodes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nodes.txt");
        Files.writeString(file, "# the lab\nalpha 120\nbeta: 60\n\n");
        List<NodeSpec> nodes = Nodes.read(file);
        assertEquals(List.of(new NodeSpec("alpha", 120), new NodeSpec("beta", 60)), nodes);
        Files.writeString(file, "alpha 120\nalpha 10\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nodes.read(file));
        assertTrue(e.getMessage().contains(":2: duplicate node 'alpha'"), e.getMessage());
        Plan p = GroupingPlanner.plan(Benchmarks.load("wordcount"), List.of(new NodeSpec("alpha", 120)),
                GroupingOptions.defaults());
        assertEquals("alpha", p.groups().get(0).node());
    }

    @Test
    void stableHashIsStable() {
        assertEquals(0x811c9dc5, StableHash.fnv1a(""));
        assertEquals(StableHash.bucket("upload", 7), StableHash.bucket("upload", 7));
        assertTrue(StableHash.bucket("some-function", 7) >= 0);
    }

    @Test
    void quotaFollowsTheFormula() throws Exception {
        Workflow wf = WorkflowLoader.parse("q.yaml", "q", """
                functions:
                - {name: a, runtime: 1, mem_usage: 0.3, next: {type: pass, nodes: [virtual1]}}
                - {name: virtual1, source: VIRTUAL, runtime: 1, next: {type: pass, nodes: [b]}}
                - {name: b, runtime: 1, mem_usage: 0.5, split_ratio: 2}
                """);
        long mib256 = 256L * 1024 * 1024;
        assertEquals((long) (0.5 * mib256 + 0.3 * mib256 * 2), MemoryQuota.of(wf));
    }

    @Test
    void plansSurviveAJsonRoundTrip() throws Exception {
        for (String name : Benchmarks.NAMES) {
            Plan p = plan(name, GroupingOptions.defaults());
            Plan back = PlanRenderer.fromJson(PlanRenderer.toJson(p));
            assertEquals(p.groups(), back.groups());
            assertEquals(p.functions(), back.functions());
            assertEquals(p.criticalPath(), back.criticalPath());
            assertEquals(p.nodes(), back.nodes());
        }
    }
}
