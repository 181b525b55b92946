package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LocalTierTest {
    @Test
    void holdsValuesByReference() {
        LocalTier tier = new LocalTier(new MemoryBudget(100, 100));
        Blob value = Blob.wrap(new byte[10]);
        assertEquals(LocalAdmission.ADMITTED, tier.put("wf", "i1", "k", value));
        assertSame(value, tier.get("i1", "k"));
        assertNull(tier.get("i1", "other"));
        assertNull(tier.get("i2", "k"));
    }

    @Test
    void aRefusedPutKeepsTheOlderValue() {
        LocalTier tier = new LocalTier(new MemoryBudget(100, 100));
        Blob small = Blob.wrap(new byte[10]);
        tier.put("wf", "i1", "k", small);
        assertEquals(LocalAdmission.OVER_WORKFLOW_QUOTA, tier.put("wf", "i1", "k", Blob.wrap(new byte[200])));
        assertSame(small, tier.get("i1", "k"));
        assertEquals(10, tier.budget().nodeUsedBytes());
    }

    @Test
    void clearExceptKeepsTheNamedKeys() {
        LocalTier tier = new LocalTier(new MemoryBudget(1000, 1000));
        tier.put("wf", "i1", "a", Blob.wrap(new byte[1]));
        tier.put("wf", "i1", "b", Blob.wrap(new byte[2]));
        tier.put("wf", "i1", "result", Blob.wrap(new byte[4]));
        assertEquals(2, tier.clearExcept("i1", Set.of("result")));
        assertEquals(Set.of("result"), tier.keys("i1"));
        assertEquals(4, tier.budget().nodeUsedBytes());
        assertEquals(1, tier.clear("i1"));
        assertEquals(0, tier.budget().nodeUsedBytes());
        assertEquals(0, tier.invocationCount());
    }

    @Test
    void budgetEqualsHeldBytesUnderConcurrentPutsDeletesAndClears() throws Exception {
        MemoryBudget budget = new MemoryBudget(50_000_000, 20_000_000);
        LocalTier tier = new LocalTier(budget);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < 20_000; i++) {
                    // Few invocations shared by all threads, so puts really race deletes and clears.
                    String invocation = "inv" + random.nextInt(6);
                    String workflow = "wf" + invocation.charAt(3) % 2;
                    String key = "k" + random.nextInt(20);
                    int op = random.nextInt(20);
                    if (op == 0) {
                        tier.clear(invocation);
                    } else if (op == 1) {
                        tier.clearExcept(invocation, Set.of("k1", "k2"));
                    } else if (op < 6) {
                        tier.delete(invocation, key);
                    } else {
                        tier.put(workflow, invocation, key, Blob.wrap(new byte[random.nextInt(200_000)]));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(tier.heldBytes(), budget.nodeUsedBytes(), "node accounting");
        long perWorkflow = budget.usedBytes("wf0") + budget.usedBytes("wf1");
        assertEquals(tier.heldBytes(), perWorkflow, "workflow accounting");
        for (int i = 0; i < 6; i++) {
            tier.clear("inv" + i);
        }
        assertEquals(0, budget.nodeUsedBytes());
        assertEquals(0, tier.heldBytes());
    }
}
