package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test
    void quotaBoundsAWorkflowAndCapacityBoundsTheNode() {
        MemoryBudget budget = new MemoryBudget(1_000, 500);
        budget.setQuota("a", 600);
        assertEquals(LocalAdmission.ADMITTED, budget.tryAdmit("a", 600, 0));
        assertEquals(LocalAdmission.OVER_WORKFLOW_QUOTA, budget.tryAdmit("a", 1, 0));
        assertEquals(LocalAdmission.ADMITTED, budget.tryAdmit("b", 400, 0), "b has the default quota 500");
        assertEquals(LocalAdmission.OVER_NODE_CAPACITY, budget.tryAdmit("b", 1, 0), "node is full at 1000");
        assertEquals(1_000, budget.nodeUsedBytes());
        budget.release("a", 100);
        assertEquals(LocalAdmission.ADMITTED, budget.tryAdmit("b", 100, 0));
        assertEquals(500, budget.usedBytes("b"));
        assertEquals(new WorkflowUsage("a", 500, 600), budget.usageByWorkflow().get("a"));
    }

    @Test
    void aRefusedAdmissionChangesNothing() {
        MemoryBudget budget = new MemoryBudget(100, 100);
        budget.tryAdmit("a", 60, 0);
        assertEquals(LocalAdmission.OVER_WORKFLOW_QUOTA, budget.tryAdmit("a", 41, 0));
        assertEquals(60, budget.usedBytes("a"));
        assertEquals(60, budget.nodeUsedBytes());
    }

    @Test
    void replacingAValueChargesOnlyTheDifference() {
        MemoryBudget budget = new MemoryBudget(100, 100);
        budget.tryAdmit("a", 90, 0);
        assertEquals(LocalAdmission.ADMITTED, budget.tryAdmit("a", 100, 90), "90 → 100 fits exactly");
        assertEquals(LocalAdmission.ADMITTED, budget.tryAdmit("a", 10, 100), "shrinking always fits");
        assertEquals(10, budget.nodeUsedBytes());
    }

    @Test
    void zeroBytesAreAlwaysAdmittedAndOverReleaseIsABug() {
        MemoryBudget budget = new MemoryBudget(0, 0);
        assertEquals(LocalAdmission.ADMITTED, budget.tryAdmit("a", 0, 0));
        assertThrows(IllegalStateException.class, () -> budget.release("a", 1));
        assertThrows(IllegalArgumentException.class, () -> budget.setQuota("a", -1));
    }

    @Test
    void accountingStaysExactUnderConcurrency() throws Exception {
        MemoryBudget budget = new MemoryBudget(1_000_000, 200_000);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            String workflow = "wf" + (t % 3);
            results.add(pool.submit(() -> {
                Random random = new Random(seed);
                List<Integer> held = new ArrayList<>();
                long heldBytes = 0;
                for (int i = 0; i < 20_000; i++) {
                    if (!held.isEmpty() && random.nextInt(3) == 0) {
                        int size = held.remove(held.size() - 1);
                        budget.release(workflow, size);
                        heldBytes -= size;
                    } else {
                        int size = random.nextInt(5_000);
                        if (budget.tryAdmit(workflow, size, 0).admitted()) {
                            held.add(size);
                            heldBytes += size;
                        }
                    }
                }
                return new long[] {seed % 3, heldBytes};
            }));
        }
        long[] byWorkflow = new long[3];
        for (Future<long[]> f : results) {
            long[] r = f.get();
            byWorkflow[(int) r[0]] += r[1];
        }
        pool.shutdown();
        for (int w = 0; w < 3; w++) {
            assertEquals(byWorkflow[w], budget.usedBytes("wf" + w), "workflow wf" + w);
        }
        assertEquals(byWorkflow[0] + byWorkflow[1] + byWorkflow[2], budget.nodeUsedBytes());
    }
}
