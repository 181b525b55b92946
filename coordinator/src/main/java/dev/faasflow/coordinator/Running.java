package dev.faasflow.coordinator;

import dev.faasflow.agent.JoinCounter;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.faastore.Blob;
import dev.faasflow.workflow.InvocationPhase;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** One invocation in flight, as the coordinator tracks it. Changed only on the coordinator's event loop. */
final class Running {
    final InvocationContext context;
    final InvokeOptions options;
    final long startedAtMillis;
    final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    final Set<String> sinksReported = new HashSet<>();
    /** Its deployment, to start it (and for MasterSP to drive it); null for one recovered after its plan changed. */
    Deployed deployed;
    /** What finishing it needs of its plan (in its record too). */
    PlanFacts plan;
    /** The global inputs to store when it is admitted; dropped then. */
    Map<String, Blob> inputs;
    /** Completes once every input put has completed, stored or failed; null until it begins. */
    Future<Void> inputsSettled;
    /** Completes once its inputs and record are stored (at admission); it begins only after that. */
    Future<Void> admitted = Future.succeededFuture();
    /** Its record's writes, one after the other; it is cleared only once they are done. */
    private Future<Void> writes = Future.succeededFuture();
    /** When it began running, by the wall clock (0 before). */
    long runningSinceMillis;
    long startNanos;
    long timer = -1;
    boolean begun;
    volatile boolean ended;
    /** Read by the gateway from other threads. */
    volatile InvocationPhase phase = InvocationPhase.PENDING;
    // MasterSP only: the central engine's view of every function.
    final JoinCounter joins = new JoinCounter();
    final Map<String, Integer> widths = new HashMap<>();

    Running(InvocationContext context, Deployed deployed, PlanFacts plan, InvokeOptions options, Map<String, Blob> inputs,
            long startedAtMillis) {
        this.context = context;
        this.deployed = deployed;
        this.plan = plan;
        this.options = options;
        this.inputs = inputs;
        this.startedAtMillis = startedAtMillis;
    }

    String id() {
        return context.id();
    }

    String workflow() {
        return context.workflow();
    }

    /** The time left before its deadline, at least 1 ms. */
    long millisLeft() {
        return Math.max(1, context.deadlineEpochMillis() - System.currentTimeMillis());
    }

    /** Queues a write of its record after the ones before; the returned future completes when this one is done. */
    Future<Void> write(Supplier<Future<Void>> write) {
        Future<Void> next = writes.transform(previous -> write.get());
        writes = next;
        return next;
    }

    /** Completes when every write queued so far is done (whether it succeeded or not). */
    Future<Void> written() {
        return writes.transform(ar -> Future.succeededFuture());
    }

    InvocationSnapshot snapshot() {
        return new InvocationSnapshot(id(), context.workflow(), phase, null);
    }
}
