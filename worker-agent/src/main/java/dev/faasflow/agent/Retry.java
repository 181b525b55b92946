package dev.faasflow.agent;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.spi.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries an asynchronous call (Failsafe): exponential backoff with jitter, at most so many attempts and a total
 * deadline, and only failures that the caller calls retriable (a refusal is final at once). Attempts run on the
 * caller's Vert.x context, so a call started on an event loop never blocks it and its answer comes back there.
 */
public final class Retry {
    private Retry() {
    }

    /**
     * @param firstDelay  pause before the second attempt; each later pause doubles, up to {@code maxDelay}
     * @param jitter      each pause varies at random by up to this fraction of itself (0 to 1)
     * @param maxAttempts attempts at most, the first included; -1 for no limit but the deadline
     * @param deadline    no attempt starts after this much time since the first
     */
    public record Policy(Duration firstDelay, Duration maxDelay, double jitter, int maxAttempts, Duration deadline) {
        public Policy {
            if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("need 0 < firstDelay <= maxDelay, got " + firstDelay + ", " + maxDelay);
            }
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be from 0 to 1, got " + jitter);
            }
            if (maxAttempts == 0 || maxAttempts < -1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, or -1 for no limit, got " + maxAttempts);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive, got " + deadline);
            }
        }

        public Policy withMaxAttempts(int attempts) {
            return new Policy(firstDelay, maxDelay, jitter, attempts, deadline);
        }

        public Policy withDeadline(Duration total) {
            return new Policy(firstDelay, maxDelay, jitter, maxAttempts, total);
        }
    }

    /**
     * Calls {@code attempt} until its future succeeds, fails with a failure {@code retriable} rejects, or the
     * policy's attempts or deadline run out. The result fails with the last failure, its message saying how
     * many attempts were made when there was more than one.
     */
    public static <T> Future<T> call(Vertx vertx, Policy policy, Supplier<Future<T>> attempt,
                                     Predicate<Throwable> retriable) {
        Context context = vertx.getOrCreateContext();
        AtomicInteger attempts = new AtomicInteger();
        // A deadline no longer than the first pause leaves time for one attempt only (and Failsafe refuses it).
        boolean once = policy.deadline().compareTo(policy.firstDelay()) <= 0;
        var builder = RetryPolicy.<T>builder()
                .handleIf((result, failure) -> failure != null && retriable.test(failure))
                .withBackoff(policy.firstDelay().toMillis(), policy.maxDelay().toMillis(), ChronoUnit.MILLIS)
                .withJitter(policy.jitter())
                .withMaxAttempts(once ? 1 : policy.maxAttempts());
        RetryPolicy<T> retry = (once ? builder : builder.withMaxDuration(policy.deadline())).build();
        var result = Failsafe.with(retry)
                .with(new OnContext(context))
                .getStageAsync(() -> {
                    attempts.incrementAndGet();
                    return attempt.get().toCompletionStage();
                });
        return Future.fromCompletionStage(result, context).recover(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            int made = attempts.get();
            return Future.failedFuture(made <= 1 ? cause
                    : new RetriesExhaustedException(cause.getMessage() + " (after " + made + " attempts)", cause));
        });
    }

    /** Failsafe's attempts and pauses on one Vert.x context: a timer per pause, no thread of its own. */
    private record OnContext(Context context) implements Scheduler {
        @Override
        public ScheduledFuture<?> schedule(Callable<?> task, long delay, TimeUnit unit) {
            Scheduled scheduled = new Scheduled(context);
            long millis = unit.toMillis(delay);
            context.runOnContext(v -> {
                if (millis <= 0) {
                    scheduled.run(task);
                } else {
                    scheduled.timer = context.owner().setTimer(millis, id -> scheduled.run(task));
                }
            });
            return scheduled;
        }
    }

    /** One scheduled attempt or pause; cancelling it cancels its timer. */
    private static final class Scheduled extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        private final Context context;
        private volatile long timer = -1;

        Scheduled(Context context) {
            this.context = context;
        }

        void run(Callable<?> task) {
            if (isDone()) {
                return;
            }
            try {
                complete(task.call());
            } catch (Throwable t) {
                completeExceptionally(t);
            }
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            long id = timer;
            if (id >= 0) {
                context.owner().cancelTimer(id);
            }
            return super.cancel(mayInterrupt);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    /** The last failure of several attempts; its message says how many there were. */
    public static final class RetriesExhaustedException extends RuntimeException {
        RetriesExhaustedException(String message, Throwable last) {
            super(message, last);
        }
    }
}
