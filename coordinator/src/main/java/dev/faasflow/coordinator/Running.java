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

/** One invocation in flight, as the coordinator tracks it. Changed only on the coordinator's event loop. */
final class Running {
    final InvocationContext context;
    final Deployed deployed;
    final InvokeOptions options;
    final long startedAtMillis = System.currentTimeMillis();
    final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    final Set<String> sinksReported = new HashSet<>();
    /** The global inputs to store when it starts; dropped then. */
    Map<String, Blob> inputs;
    /** Completes once every input put has completed, stored or failed; null until it begins. */
    Future<Void> inputsSettled;
    long startNanos;
    long timer = -1;
    boolean begun;
    volatile boolean ended;
    /** Read by the gateway from other threads. */
    volatile InvocationPhase phase = InvocationPhase.PENDING;
    // MasterSP only: the central engine's view of every function.
    final JoinCounter joins = new JoinCounter();
    final Map<String, Integer> widths = new HashMap<>();

    Running(InvocationContext context, Deployed deployed, InvokeOptions options, Map<String, Blob> inputs) {
        this.context = context;
        this.deployed = deployed;
        this.options = options;
        this.inputs = inputs;
    }

    String id() {
        return context.id();
    }

    InvocationSnapshot snapshot() {
        return new InvocationSnapshot(id(), context.workflow(), phase, null);
    }
}
