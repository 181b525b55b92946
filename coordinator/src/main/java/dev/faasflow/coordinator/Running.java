package dev.faasflow.coordinator;

import dev.faasflow.agent.JoinCounter;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.workflow.InvocationPhase;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One invocation in flight, as the coordinator tracks it. Touched only on the coordinator's event loop. */
final class Running {
    final InvocationContext context;
    final Deployed deployed;
    final InvokeOptions options;
    final long startedAtMillis = System.currentTimeMillis();
    final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    final Set<String> sinksReported = new HashSet<>();
    long startNanos;
    long timer = -1;
    boolean begun;
    boolean ended;
    InvocationPhase phase = InvocationPhase.PENDING;
    // MasterSP only: the central engine's view of every function.
    final JoinCounter joins = new JoinCounter();
    final Map<String, Integer> widths = new HashMap<>();

    Running(InvocationContext context, Deployed deployed, InvokeOptions options) {
        this.context = context;
        this.deployed = deployed;
        this.options = options;
    }

    String id() {
        return context.id();
    }
}
