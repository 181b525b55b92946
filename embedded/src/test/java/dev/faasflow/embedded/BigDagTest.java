package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.agent.SlotStats;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.NodeLoad;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated DAGs of hundreds of tasks running few programs, larger than the cluster (oversubscribed), run
 * embedded to success at a tiny time scale: from the agents' own counters, no node ever held more than its
 * slots, some node did queue, and every queue drained with nothing left behind.
 */
class BigDagTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Outputs of 1 B to 10 KB instead of 10 KB to 100 MB: the shape is what is tested, not the bytes. */
    private static final double SIZES = 1e-4;

    private static void runToSuccess(Workflow wf, int slots, int invocations) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(7).withSlots(slots))) {
            Plan plan = cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            assertTrue(plan.oversubscription() > 1, wf.name() + " needs more slots than the nodes offer: "
                    + plan.oversubscription());
            InvokeOptions options = InvokeOptions.defaults().withTimeScale(0.001).withTimeoutMillis(120_000)
                    .withGenerateMissingInputs(true);
            List<InvocationHandle> handles = new ArrayList<>();
            for (int i = 0; i < invocations; i++) {
                handles.add(cluster.invoke(wf.name(), JSON.createObjectNode(), options));
            }
            double queuedMs = 0;
            for (InvocationHandle h : handles) {
                InvocationResult r = h.result().get(180, TimeUnit.SECONDS);
                assertEquals(InvocationPhase.SUCCEEDED, r.phase(), wf.name() + ": " + r.message());
                assertEquals(wf.size(), r.functions().size(), "every function ran once");
                queuedMs += r.functions().stream().mapToDouble(FunctionRecord::queuedMs).sum();
                cluster.coordinator().delete(r.id()).get(30, TimeUnit.SECONDS);
            }
            List<SlotStats> nodes = cluster.slotStats();
            long granted = 0;
            boolean queued = false;
            for (int i = 0; i < nodes.size(); i++) {
                SlotStats s = nodes.get(i);
                assertEquals(slots, s.slots());
                assertTrue(s.peakUsed() <= slots, "node-" + i + " held " + s.peakUsed() + " of " + slots + " slots");
                assertEquals(0, s.used(), "node-" + i + " still holds slots");
                assertEquals(0, s.waiting(), "node-" + i + "'s queue drained");
                assertEquals(0, s.dropped() + s.abandoned(), "nothing ended early");
                granted += s.granted();
                queued |= s.peakWaiting() > 0;
            }
            assertEquals((long) wf.size() * invocations, granted, "one grant per function instance");
            System.out.printf(java.util.Locale.ROOT, "%s on 7 x %d slots, %d at once: peak slots held %s, peak waiting %s%n",
                    wf.name(), slots, invocations, nodes.stream().map(n -> "" + n.peakUsed()).toList(),
                    nodes.stream().map(n -> "" + n.peakWaiting()).toList());
            assertTrue(queued, "some node ran out of slots and queued: " + nodes);
            assertTrue(queuedMs > 0, "queue time is in the function records");
            long loaded = plan.nodeLoads().stream().filter(NodeLoad::oversubscribed).count();
            assertTrue(loaded > 0, "the plan says which nodes are oversubscribed");
            assertEquals(0, cluster.statesLeft(), "invocation state left behind");
            assertEquals(0, cluster.localBytesLeft(), "node memory left behind");
            assertEquals(0, ((InProcessRemoteTier) cluster.remote()).valueCount(), "values left in the remote tier");
        }
    }

    @Test
    void aSoyKbSizedPipelineOfFourteenProgramsRunsOnSevenNodesOf120Slots() throws Exception {
        // 546 tasks like SoyKB-546: 1,638 slots needed, 672 offered; several invocations at once fill the nodes.
        runToSuccess(SyntheticWorkflows.scientific(546, 14, 546, SIZES), 120, 6);
    }

    @Test
    void threeHundredTasksOfFiveProgramsQueueOnSmallNodes() throws Exception {
        runToSuccess(SyntheticWorkflows.scientific(300, 5, 300, SIZES), 30, 2);
    }
}
