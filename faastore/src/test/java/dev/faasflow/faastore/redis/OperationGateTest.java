package dev.faasflow.faastore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OperationGateTest {
    @Test
    void permitsPassToWaitersInArrivalOrder() {
        OperationGate gate = new OperationGate(2);
        assertTrue(gate.acquire().isDone());
        assertTrue(gate.acquire().isDone());
        CompletableFuture<Void> third = gate.acquire();
        CompletableFuture<Void> fourth = gate.acquire();
        assertFalse(third.isDone());
        assertEquals(2, gate.waiting());
        gate.release();
        assertTrue(third.isDone());
        assertFalse(fourth.isDone());
        gate.release();
        assertTrue(fourth.isDone());
        assertEquals(2, gate.running());
        gate.release();
        gate.release();
        assertEquals(0, gate.running());
    }

    @Test
    void aDeadStoreFailsEveryWaiterWithTheSameReasonAndKeepsRunningOnes() {
        OperationGate gate = new OperationGate(1);
        gate.acquire();
        CompletableFuture<Void> waiter = gate.acquire();
        RuntimeException reason = new RuntimeException("no answer");
        gate.failWaiting(reason);
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, waiter::join);
        assertSame(reason, e.getCause());
        assertEquals(0, gate.waiting());
        assertEquals(1, gate.running());
        gate.release();
        assertTrue(gate.acquire().isDone());
    }
}
