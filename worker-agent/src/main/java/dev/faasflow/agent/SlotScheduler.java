package dev.faasflow.agent;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The slots of one node, shared by every workflow and invocation its agent runs. A function instance (each
 * foreach instance too) runs only while it holds its function's {@code scale} in slots, and at most
 * {@link #slots()} are held at once: the node's slots, the runtime limit the planner's capacity (0.8 × slots)
 * leaves headroom under. Instances that do not fit wait in one queue.
 *
 * <p>The order: critical path first, then arrival. A ticket's precedence is fixed when it queues: the time it
 * queued minus the remaining critical path of its function ({@link dev.faasflow.grouping.RemainingPath}, at its
 * invocation's time scale). So an instance whose invocation has longer to go overtakes those that queued up to
 * that much later, ties go by arrival, and nothing waits behind a later arrival for longer than the longest
 * remaining path of a workflow: no starvation. Slots are granted strictly in that order (no back-filling with
 * smaller instances, which would starve larger ones); an instance whose function's warm pool is full waits in
 * that pool, holding no slot and blocking nobody, until one of its instances frees.
 *
 * <p>Ended invocations: {@link #end} (the coordinator's cleanup, or the invocation's deadline passing) drops its
 * queued instances and abandons its running ones: their slots are free at once, their runtimes' late answers
 * are ignored, and their instances rejoin their pools when they return. No slot is ever granted to an
 * invocation that ended. Runs only on the agent's event loop: no locks, nothing blocks.
 */
final class SlotScheduler {
    /** A deadline passes on an agent only this long after the coordinator's, whose own timer ends it first. */
    static final long DEADLINE_GRACE_MILLIS = 2_000;
    /** Ended invocations remembered, so a late request for one is refused (the agent's bound too). */
    private static final int ENDED_REMEMBERED = 100_000;

    enum State { QUEUED, PARKED, RUNNING, ABANDONED, DONE, DROPPED }

    /** One function instance's claim on slots. */
    static final class Ticket implements Comparable<Ticket> {
        final String invocation;
        final FunctionPool pool;
        final int cost;
        private final long key;
        private final long seq;
        private final long queuedAtNanos;
        private final Promise<Ticket> promise = Promise.promise();
        private State state = State.QUEUED;
        private boolean cold;
        private long waitedNanos;
        private boolean immediate;
        private String endReason;

        private Ticket(String invocation, FunctionPool pool, int cost, long key, long seq, long queuedAtNanos) {
            this.invocation = invocation;
            this.pool = pool;
            this.cost = cost;
            this.key = key;
            this.seq = seq;
            this.queuedAtNanos = queuedAtNanos;
        }

        @Override
        public int compareTo(Ticket o) {
            int c = Long.compare(key, o.key);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        /** Whether the run pays a cold start (its pool started a new instance for it). */
        boolean cold() {
            return cold;
        }

        /** How long it waited for its slot and instance. */
        double queuedMs() {
            return waitedNanos / 1e6;
        }

        /** Whether it had to queue (it did not get its slots the moment it asked). */
        boolean waited() {
            return !immediate;
        }

        /** Its invocation ended while it ran: the result is to be ignored. */
        boolean abandoned() {
            return state == State.ABANDONED || (state == State.DONE && endReason != null);
        }

        /** Why its invocation ended, when {@link #abandoned()}. */
        String endReason() {
            return endReason;
        }
    }

    /** The invocation ended before the instance got a slot. */
    static final class EndedException extends RuntimeException {
        EndedException(String invocation, String reason) {
            super("invocation " + invocation + " " + reason);
        }
    }

    private final Vertx vertx;
    private final int slots;
    private final LongSupplier clock;
    private final PriorityQueue<Ticket> queue = new PriorityQueue<>();
    /** Queued, parked and running tickets per invocation; the deadline timer of each invocation seen and not ended. */
    private final Map<String, Set<Ticket>> byInvocation = new HashMap<>();
    private final Map<String, Long> deadlineTimers = new HashMap<>();
    private final Map<String, String> ended = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    };
    private final LatencyRecorder queueTime = new LatencyRecorder(100_000);
    private long seq;
    private int used;
    private int peakUsed;
    private int waiting;
    private int peakWaiting;
    private long granted;
    private long dropped;
    private long abandoned;
    private long maxWaitedNanos;
    private boolean dispatching;

    SlotScheduler(Vertx vertx, int slots) {
        this(vertx, slots, System::nanoTime);
    }

    /** @param clock nanoseconds for queue times and precedence (a test's own clock) */
    SlotScheduler(Vertx vertx, int slots, LongSupplier clock) {
        if (slots < 1) {
            throw new IllegalArgumentException("a node needs at least one slot, got " + slots);
        }
        this.vertx = vertx;
        this.slots = slots;
        this.clock = clock;
    }

    int slots() {
        return slots;
    }

    /**
     * Queues one instance and completes when it holds its slots and an instance of its pool; fails with an
     * {@link EndedException} if its invocation ended first (or had already).
     *
     * @param scale          the function's slots; more than the node has is treated as the whole node
     * @param deadlineMillis the invocation's deadline (epoch ms; 0 for none)
     * @param remainingNanos the function's remaining critical path at the invocation's time scale
     */
    Future<Ticket> acquire(String invocation, long deadlineMillis, FunctionPool pool, int scale, long remainingNanos) {
        String over = ended.get(invocation);
        if (over != null) {
            return Future.failedFuture(new EndedException(invocation, over));
        }
        if (deadlineMillis > 0 && System.currentTimeMillis() > deadlineMillis + DEADLINE_GRACE_MILLIS) {
            end(invocation, "passed its deadline");
            return Future.failedFuture(new EndedException(invocation, "passed its deadline"));
        }
        long now = clock.getAsLong();
        Ticket t = new Ticket(invocation, pool, Math.max(1, Math.min(scale, slots)), now - Math.max(0, remainingNanos),
                seq++, now);
        track(t, deadlineMillis);
        waiting++;
        peakWaiting = Math.max(peakWaiting, waiting);
        enqueue(t);
        dispatch();
        t.immediate = t.state == State.RUNNING;
        return t.promise.future();
    }

    /** The instance's run returned (or will never start): frees its slots and instance. */
    void release(Ticket t) {
        switch (t.state) {
            case RUNNING -> {
                used -= t.cost;
                t.pool.giveBack();
                t.state = State.DONE;
                untrack(t);
                unpark(t.pool);
                dispatch();
            }
            case ABANDONED -> {
                t.pool.recycle();
                t.state = State.DONE;
            }
            default -> {
                // already released, or dropped before it ran
            }
        }
    }

    /**
     * The invocation is over on this node: its queued instances are dropped, its running ones abandoned (their
     * slots free now). Later requests for it are refused. Idempotent.
     */
    void end(String invocation, String reason) {
        ended.putIfAbsent(invocation, reason);
        Long timer = deadlineTimers.remove(invocation);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        Set<Ticket> tickets = byInvocation.remove(invocation);
        if (tickets == null) {
            return;
        }
        List<Ticket> failed = new ArrayList<>();
        Set<FunctionPool> touched = new LinkedHashSet<>();
        boolean fromQueue = false;
        Set<FunctionPool> parkedIn = new LinkedHashSet<>();
        for (Ticket t : tickets) {
            switch (t.state) {
                case QUEUED -> {
                    t.pool.inQueue--;
                    drop(t, failed, touched);
                    fromQueue = true;
                }
                case PARKED -> {
                    drop(t, failed, touched);
                    parkedIn.add(t.pool);
                }
                case RUNNING -> {
                    used -= t.cost;
                    t.pool.abandon();
                    t.state = State.ABANDONED;
                    t.endReason = reason;
                    abandoned++;
                    touched.add(t.pool);
                }
                default -> {
                }
            }
        }
        // One pass over each queue, not a search per dropped ticket: a long queue may hold many of one invocation.
        if (fromQueue) {
            queue.removeIf(t -> t.state == State.DROPPED);
        }
        parkedIn.forEach(pool -> pool.parked.removeIf(t -> t.state == State.DROPPED));
        touched.forEach(this::unpark);
        dispatch();
        for (Ticket t : failed) {
            t.promise.fail(new EndedException(invocation, reason));
        }
    }

    private void drop(Ticket t, List<Ticket> failed, Set<FunctionPool> touched) {
        t.state = State.DROPPED;
        waiting--;
        dropped++;
        failed.add(t);
        touched.add(t.pool);
    }

    boolean hasEnded(String invocation) {
        return ended.containsKey(invocation);
    }

    /** Invocations with queued or running instances here. */
    int invocations() {
        return byInvocation.size();
    }

    SlotStats stats() {
        return new SlotStats(slots, used, peakUsed, waiting, peakWaiting, granted, dropped, abandoned,
                millis(queueTime.percentile(50)), millis(queueTime.percentile(99)), maxWaitedNanos / 1e6);
    }

    private static double millis(long nanos) {
        return nanos < 0 ? 0 : nanos / 1e6;
    }

    private void enqueue(Ticket t) {
        t.state = State.QUEUED;
        queue.add(t);
        t.pool.inQueue++;
    }

    /** Grants from the head of the queue while the head fits; a head whose pool is full parks in its pool. */
    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        List<Ticket> grants = new ArrayList<>();
        try {
            while (!queue.isEmpty()) {
                Ticket head = queue.peek();
                if (!head.pool.hasRoom()) {
                    queue.poll();
                    head.pool.inQueue--;
                    head.state = State.PARKED;
                    head.pool.parked.add(head);
                    continue;
                }
                if (head.cost > slots - used) {
                    break;
                }
                queue.poll();
                head.pool.inQueue--;
                grant(head);
                grants.add(head);
            }
        } finally {
            dispatching = false;
        }
        // Completed outside the loop: what their callbacks do (release, acquire) dispatches again on its own.
        for (Ticket t : grants) {
            t.promise.complete(t);
        }
    }

    private void grant(Ticket t) {
        used += t.cost;
        peakUsed = Math.max(peakUsed, used);
        waiting--;
        granted++;
        t.cold = t.pool.take();
        t.state = State.RUNNING;
        t.waitedNanos = clock.getAsLong() - t.queuedAtNanos;
        maxWaitedNanos = Math.max(maxWaitedNanos, t.waitedNanos);
        queueTime.record(t.waitedNanos);
    }

    /** A pool with room again sends its best parked tickets back to the queue, as many as it has room for. */
    private void unpark(FunctionPool pool) {
        while (!pool.parked.isEmpty() && pool.busy() + pool.inQueue < pool.cap()) {
            enqueue(pool.parked.poll());
        }
    }

    private void track(Ticket t, long deadlineMillis) {
        Set<Ticket> tickets = byInvocation.get(t.invocation);
        if (tickets == null) {
            tickets = new LinkedHashSet<>();
            byInvocation.put(t.invocation, tickets);
        }
        tickets.add(t);
        // One timer per invocation, armed by its first instance here and kept until it ends or the timer fires, not
        // re-armed whenever its instances come and go: a chain of functions would otherwise set and cancel a timer
        // per function.
        if (deadlineMillis > 0 && !deadlineTimers.containsKey(t.invocation)) {
            long delay = Math.max(1, deadlineMillis + DEADLINE_GRACE_MILLIS - System.currentTimeMillis());
            String invocation = t.invocation;
            deadlineTimers.put(invocation, vertx.setTimer(delay, id -> {
                deadlineTimers.remove(invocation);
                end(invocation, "passed its deadline");
            }));
        }
    }

    private void untrack(Ticket t) {
        Set<Ticket> tickets = byInvocation.get(t.invocation);
        if (tickets != null && tickets.remove(t) && tickets.isEmpty()) {
            byInvocation.remove(t.invocation);
        }
    }
}
