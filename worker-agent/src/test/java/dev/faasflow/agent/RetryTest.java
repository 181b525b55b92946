package dev.faasflow.agent;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryTest {
    private static final Retry.Policy FAST = new Retry.Policy(Duration.ofMillis(20), Duration.ofMillis(80), 0, 5,
            Duration.ofSeconds(30));
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static final class Transient extends RuntimeException {
        Transient(String m) {
            super(m);
        }
    }

    /** Runs {@code Retry.call} on a Vert.x context, as the agent does. */
    private static <T> T call(Retry.Policy policy, Supplier<Future<T>> attempt) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.runOnContext(v -> Retry.call(vertx, policy, attempt, f -> f instanceof Transient)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        done.complete(ar.result());
                    } else {
                        done.completeExceptionally(ar.cause());
                    }
                }));
        return done.get(60, TimeUnit.SECONDS);
    }

    @Test
    void retriableFailuresAreRetriedUntilTheCallSucceedsOnTheCallersContext() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Context> contexts = new CopyOnWriteArrayList<>();
        String result = call(FAST, () -> {
            contexts.add(Vertx.currentContext());
            return calls.incrementAndGet() < 3 ? Future.failedFuture(new Transient("busy")) : Future.succeededFuture("ok");
        });
        assertEquals("ok", result);
        assertEquals(3, calls.get());
        assertEquals(3, contexts.size());
        assertTrue(contexts.get(0) != null && contexts.stream().allMatch(c -> c == contexts.get(0)), contexts.toString());
    }

    @Test
    void aFinalFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException refused = new IllegalStateException("HTTP 404: unknown workflow");
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(FAST, () -> {
            calls.incrementAndGet();
            return Future.failedFuture(refused);
        }));
        assertSame(refused, e.getCause());
        assertEquals(1, calls.get());
    }

    @Test
    void attemptsRunOutWithTheLastFailureAndTheirCount() {
        AtomicInteger calls = new AtomicInteger();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(FAST,
                () -> Future.failedFuture(new Transient("down " + calls.incrementAndGet()))));
        assertEquals(5, calls.get());
        assertEquals("down 5 (after 5 attempts)", e.getCause().getMessage());
        assertTrue(e.getCause().getCause() instanceof Transient);
    }

    @Test
    void pausesGrowExponentiallyUpToTheMaximum() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        assertThrows(ExecutionException.class, () -> call(FAST, () -> {
            starts.add(System.nanoTime());
            return Future.failedFuture(new Transient("down"));
        }));
        long[] minimumMillis = {20, 40, 80, 80}; // no jitter: each pause is at least its planned delay
        for (int i = 0; i < minimumMillis.length; i++) {
            long gap = TimeUnit.NANOSECONDS.toMillis(starts.get(i + 1) - starts.get(i));
            assertTrue(gap >= minimumMillis[i] - 1, "pause " + i + " was " + gap + " ms");
        }
    }

    @Test
    void theDeadlineEndsAnUnlimitedRetry() {
        Retry.Policy untilDeadline = FAST.withMaxAttempts(-1).withDeadline(Duration.ofMillis(300));
        AtomicInteger calls = new AtomicInteger();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call(untilDeadline, () -> {
            calls.incrementAndGet();
            Promise<String> p = Promise.promise();
            vertx.setTimer(10, t -> p.fail(new Transient("no answer")));
            return p.future();
        }));
        assertTrue(calls.get() >= 2, calls.get() + " attempts");
        assertTrue(e.getCause().getMessage().startsWith("no answer (after "), e.getCause().getMessage());
    }

    @Test
    void aPolicyOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Retry.Policy(Duration.ZERO, Duration.ofSeconds(1), 0, 3,
                Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> FAST.withMaxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> new Retry.Policy(Duration.ofMillis(10), Duration.ofMillis(5),
                0, 3, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Retry.Policy(Duration.ofMillis(10), Duration.ofMillis(50),
                1.5, 3, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> FAST.withDeadline(Duration.ZERO));
    }

    @Test
    void aDeadlineShorterThanTheFirstPauseLeavesOneAttempt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Retry.Policy tight = new Retry.Policy(java.time.Duration.ofMillis(50), java.time.Duration.ofSeconds(1), 0, -1,
                java.time.Duration.ofMillis(1));
        var done = Retry.call(vertx, tight, () -> {
            calls.incrementAndGet();
            return io.vertx.core.Future.<Void>failedFuture(new IllegalStateException("down"));
        }, e -> true).toCompletionStage().toCompletableFuture();
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> done.get(10, java.util.concurrent.TimeUnit.SECONDS));
        org.junit.jupiter.api.Assertions.assertEquals("down", e.getCause().getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(1, calls.get());
    }
}
