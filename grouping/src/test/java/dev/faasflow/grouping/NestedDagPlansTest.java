package dev.faasflow.grouping;

import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The artifact's nested DAGs (its grouping-scalability inputs) plan on the artifact's cluster and on roomy nodes. */
class NestedDagPlansTest {

    @Test
    void everyNestedDagPlansOnSevenNodesOf120Slots() throws Exception {
        for (String name : Benchmarks.NESTED_DAGS) {
            Workflow wf = Benchmarks.loadNestedDag(name);
            Plan p = GroupingPlanner.plan(wf, Nodes.uniform(7, 120), GroupingOptions.defaults());
            Set<String> placed = new HashSet<>();
            p.groups().forEach(g -> placed.addAll(g.functions()));
            assertEquals(wf.size(), placed.size(), name);
            assertEquals(wf.size() * 3, p.slotsNeeded(), name);
            p.groups().forEach(g -> assertTrue(g.slots() <= 96, name + " " + g));
            if (p.oversubscription() <= 1) {
                p.nodeLoads().forEach(n -> assertTrue(n.usedSlots() <= n.capacity(), name + " " + n));
            }
            assertTrue(p.merges() > 0, name);
        }
    }

    @Test
    void montageGroupsAsTheArtifactGroupsThem() throws Exception {
        // With nodes roomy enough that capacity never binds, the artifact's grouping of the same DAGs
        // gives these groups (its placement is random, so only group shapes compare).
        List<NodeSpec> roomy = Nodes.uniform(7, 10_000);
        Plan m200 = GroupingPlanner.plan(Benchmarks.loadNestedDag("montage-200"), roomy, GroupingOptions.defaults());
        assertEquals(159, m200.groups().size());
        assertEquals(43, m200.groupSizes().get(0));
        Plan m500 = GroupingPlanner.plan(Benchmarks.loadNestedDag("montage-500"), roomy, GroupingOptions.defaults());
        assertEquals(450, m500.groups().size());
        assertEquals(List.of(80, 7, 5, 5, 4), m500.groupSizes().subList(0, 5));
    }
}
