package dev.faasflow.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's slot scheduler on its own, on one Vert.x event loop with a hand-driven clock: the cap, the order
 * (critical path first, then arrival, no starvation), warm pools that are full, and invocations that end.
 */
class SlotSchedulerTest {
    private static final long MS = 1_000_000L;
    private Vertx vertx;
    private Context loop;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Runs on the scheduler's event loop and waits for the answer. */
    private <T> T onLoop(Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                done.complete(work.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    private static FunctionPool pool(String name, int cap) {
        return new FunctionPool(name, cap, 600_000);
    }

    /** A request and the order in which requests got their slots. */
    private static Future<SlotScheduler.Ticket> ask(SlotScheduler s, List<String> order, String label, String invocation,
                                                    FunctionPool pool, long remainingMs) {
        return s.acquire(invocation, 0, pool, 3, remainingMs * MS).onSuccess(t -> order.add(label));
    }

    /** The requests made, by label, to release them by name. */
    private final java.util.Map<String, Future<SlotScheduler.Ticket>> asked = new java.util.HashMap<>();

    private void release(SlotScheduler s, String label) throws Exception {
        onLoop(() -> {
            s.release(asked.get(label).result());
            return null;
        });
    }

    private void ask(SlotScheduler s, List<String> order, String label, long remainingMs) throws Exception {
        FunctionPool p = shared;
        asked.put(label, onLoop(() -> ask(s, order, label, "inv-" + label, p, remainingMs)));
    }

    private final FunctionPool shared = pool("wf/f", 100);

    @Test
    void neverMoreThanTheSlotsAndTheLongestRemainingPathGoesFirst() throws Exception {
        SlotScheduler s = onLoop(() -> new SlotScheduler(vertx, 6, clock::get));
        List<String> order = new ArrayList<>();
        ask(s, order, "a", 0);
        ask(s, order, "b", 0);
        assertEquals(List.of("a", "b"), order, "two instances of scale 3 fill 6 slots at once");
        ask(s, order, "short", 10);
        ask(s, order, "long", 500);
        ask(s, order, "medium", 100);
        ask(s, order, "medium-later", 100);
        assertEquals(4, onLoop(s::stats).waiting());
        assertEquals(6, onLoop(s::stats).used());
        for (String done : List.of("a", "b", "long", "medium", "medium-later", "short")) {
            release(s, done);
            assertTrue(onLoop(s::stats).used() <= 6);
        }
        assertEquals(List.of("a", "b", "long", "medium", "medium-later", "short"), order,
                "critical path first, then arrival");
        SlotStats stats = onLoop(s::stats);
        assertEquals(6, stats.peakUsed());
        assertEquals(4, stats.peakWaiting());
        assertEquals(0, stats.used());
        assertEquals(0, stats.waiting());
        assertEquals(6, stats.granted());
    }

    @Test
    void aShortPathIsOvertakenOnlyByThoseThatCameAtMostItsDifferenceLater() throws Exception {
        SlotScheduler s = onLoop(() -> new SlotScheduler(vertx, 3, clock::get));
        List<String> order = new ArrayList<>();
        ask(s, order, "busy", 0);
        ask(s, order, "low", 0);
        // A stream of arrivals whose remaining path is 50 ms longer, one every 20 ms.
        for (int i = 0; i < 6; i++) {
            clock.addAndGet(20 * MS);
            ask(s, order, "high" + i, 50);
        }
        while (order.size() < 8) {
            release(s, order.get(order.size() - 1));
        }
        // high0 (20 ms later, 50 ms longer) and high1 (40 ms) go ahead of low; high2 (60 ms later) does not.
        assertEquals(List.of("busy", "high0", "high1", "low", "high2", "high3", "high4", "high5"), order);
        assertEquals(120.0, asked.get("low").result().queuedMs(), 1e-9, "queued at 0 ms, granted at 120 ms");
        assertEquals(120.0, onLoop(s::stats).queuedMaxMs(), 1e-9);
    }

    @Test
    void aFullPoolMakesItsOwnRunsWaitWithoutHoldingSlotsOrBlockingOthers() throws Exception {
        SlotScheduler s = onLoop(() -> new SlotScheduler(vertx, 9, clock::get));
        List<String> order = new ArrayList<>();
        FunctionPool capped = pool("wf/capped", 1);
        FunctionPool other = pool("wf/other", 10);
        Future<SlotScheduler.Ticket> c1 = onLoop(() -> ask(s, order, "capped-1", "i1", capped, 100));
        Future<SlotScheduler.Ticket> c2 = onLoop(() -> ask(s, order, "capped-2", "i1", capped, 100));
        onLoop(() -> ask(s, order, "other", "i2", other, 0));
        assertEquals(List.of("capped-1", "other"), order, "the capped pool's second run waits; others pass it");
        assertEquals(6, onLoop(s::stats).used(), "the waiting run holds no slot");
        assertEquals(1, capped.waiting());
        onLoop(() -> {
            s.release(c1.result());
            return null;
        });
        assertEquals(List.of("capped-1", "other", "capped-2"), order);
        assertFalse(c2.result().cold(), "the freed instance is reused warm");
        assertEquals(1, capped.coldStarts());
    }

    @Test
    void anEndedInvocationLosesItsQueueAndItsRunningInstancesAreAbandonedAndRecycled() throws Exception {
        SlotScheduler s = onLoop(() -> new SlotScheduler(vertx, 3, clock::get));
        List<String> order = new ArrayList<>();
        FunctionPool hung = pool("wf/hung", 1);
        FunctionPool p = pool("wf/f", 10);
        Future<SlotScheduler.Ticket> running = onLoop(() -> ask(s, order, "hung", "over", hung, 0));
        Future<SlotScheduler.Ticket> queued = onLoop(() -> ask(s, order, "queued", "over", p, 0));
        Future<SlotScheduler.Ticket> next = onLoop(() -> ask(s, order, "next", "alive", hung, 0));
        assertEquals(List.of("hung"), order);

        onLoop(() -> {
            s.end("over", "timed out");
            return null;
        });
        assertTrue(queued.failed(), "a queued instance of an ended invocation never starts");
        assertInstanceOf(SlotScheduler.EndedException.class, queued.cause());
        assertTrue(queued.cause().getMessage().contains("over timed out"), queued.cause().getMessage());
        assertTrue(running.result().abandoned());
        assertEquals(List.of("hung", "next"), order, "the abandoned slot and pool instance are free at once");
        assertTrue(next.result().cold(), "the hung instance left its pool: a new one started");
        SlotStats stats = onLoop(s::stats);
        assertEquals(3, stats.used(), "only the live invocation's instance holds slots");
        assertEquals(1, stats.dropped());
        assertEquals(1, stats.abandoned());

        Future<SlotScheduler.Ticket> late = onLoop(() -> ask(s, order, "late", "over", p, 0));
        assertTrue(late.failed(), "nothing more is ever granted to an ended invocation");

        // The hung run returns: its instance is recycled (the pool is full with the new one, so it is dropped).
        onLoop(() -> {
            s.release(running.result());
            s.release(next.result());
            return null;
        });
        assertEquals(1, hung.instances());
        assertEquals(0, hung.busy());
        assertEquals(0, hung.abandoned());
        assertEquals(0, onLoop(s::stats).used());
        assertEquals(0, onLoop(s::invocations), "nothing left of either invocation");
    }

    @Test
    void anInvocationPastItsDeadlineIsEndedByItsTimer() throws Exception {
        SlotScheduler s = onLoop(() -> new SlotScheduler(vertx, 3));
        FunctionPool p = pool("wf/f", 10);
        long deadline = System.currentTimeMillis() + 200 - SlotScheduler.DEADLINE_GRACE_MILLIS;
        Future<SlotScheduler.Ticket> running = onLoop(() -> s.acquire("late", deadline, p, 3, 0));
        Future<SlotScheduler.Ticket> queued = onLoop(() -> s.acquire("late", deadline, p, 3, 0));
        long until = System.currentTimeMillis() + 10_000;
        while (!onLoop(() -> s.hasEnded("late")) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(onLoop(() -> s.hasEnded("late")));
        assertTrue(queued.failed());
        assertTrue(queued.cause().getMessage().contains("passed its deadline"), queued.cause().getMessage());
        assertTrue(running.result().abandoned());
        assertEquals(0, onLoop(s::stats).used());
        Future<SlotScheduler.Ticket> after = onLoop(() -> s.acquire("late", deadline, p, 3, 0));
        assertTrue(after.failed());
    }

    @Test
    void theDeadlineTimerOutlivesInstancesThatCameAndWent() throws Exception {
        SlotScheduler s = onLoop(() -> new SlotScheduler(vertx, 3));
        FunctionPool p = pool("wf/f", 10);
        long deadline = System.currentTimeMillis() + 200 - SlotScheduler.DEADLINE_GRACE_MILLIS;
        Future<SlotScheduler.Ticket> first = onLoop(() -> s.acquire("chain", deadline, p, 3, 0));
        onLoop(() -> {
            s.release(first.result());
            return null;
        });
        assertEquals(0, onLoop(s::invocations), "nothing of it is queued or running now");
        Future<SlotScheduler.Ticket> blocker = onLoop(() -> s.acquire("other", 0, p, 3, 0));
        Future<SlotScheduler.Ticket> queued = onLoop(() -> s.acquire("chain", deadline, p, 3, 0));
        long until = System.currentTimeMillis() + 10_000;
        while (!queued.isComplete() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(queued.failed(), "the timer armed by its first instance ended it");
        assertTrue(queued.cause().getMessage().contains("passed its deadline"), queued.cause().getMessage());
        assertTrue(blocker.succeeded() && !blocker.result().abandoned(), "the other invocation is untouched");
    }
}
