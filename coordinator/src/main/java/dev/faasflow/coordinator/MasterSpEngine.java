package dev.faasflow.coordinator;

import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Deployment;
import dev.faasflow.agent.JoinCounter;
import dev.faasflow.agent.protocol.Outcome;
import dev.faasflow.agent.protocol.RunFunctionRequest;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The baseline: a central engine that keeps every function's state and, for each runnable function,
 * (probes every worker,) calls the owning agent, waits for the answer and decides the successors — two
 * hops per function. Runs on the coordinator's event loop.
 */
final class MasterSpEngine {
    /** What the engine tells the coordinator. */
    interface Listener {
        void sinkDone(Running r, String sink);

        void failed(Running r, String function, String message);
    }

    private final AgentClient agents;
    private final CoordinatorConfig config;
    private final Listener listener;

    MasterSpEngine(AgentClient agents, CoordinatorConfig config, Listener listener) {
        this.agents = agents;
        this.config = config;
        this.listener = listener;
    }

    void start(Running r) {
        for (String start : r.deployed.deployment().workflow().startFunctions()) {
            arrive(r, start, null, false);
        }
    }

    private void arrive(Running r, String function, String from, boolean skipped) {
        Deployment d = r.deployed.deployment();
        JoinCounter.Decision decision = r.joins.arrive(function, from, skipped, d.planOf(function).predecessors());
        if (decision == JoinCounter.Decision.RUN) {
            if (r.context.resume() != null && r.context.resume().isDone(function) && !d.workflow().function(function).isVirtual()) {
                replay(r, function);
            } else {
                dispatch(r, function);
            }
        } else if (decision == JoinCounter.Decision.SKIP) {
            if (d.workflow().isSink(function)) {
                listener.sinkDone(r, function);
            } else {
                for (String next : d.workflow().successorNames(function)) {
                    arrive(r, next, function, true);
                }
            }
        }
    }

    /** A retry: this function succeeded in the invocation retried, so it is done at once, as it was. */
    private void replay(Running r, String function) {
        Deployment d = r.deployed.deployment();
        Integer width = r.context.resume().widths().get(function);
        if (width != null) {
            r.widths.put(function, width);
        }
        if (d.workflow().isSink(function)) {
            listener.sinkDone(r, function);
            return;
        }
        d.workflow().successorNames(function).forEach(next -> arrive(r, next, function, false));
    }

    private void dispatch(Running r, String function) {
        Deployment d = r.deployed.deployment();
        RunFunctionRequest request = new RunFunctionRequest(r.context, function, Map.copyOf(r.widths));
        // The agent retries the function as its policy says; the call may take until the invocation's deadline.
        long callTimeout = r.millisLeft() + 5_000;
        probe(d).compose(v -> agents.run(d.agentOf(function), request, callTimeout))
                .onComplete(ar -> {
                    if (r.ended) {
                        return;
                    }
                    if (ar.failed()) {
                        listener.failed(r, function, "could not run " + function + " on node " + d.nodeOf(function)
                                + ": " + ar.cause().getMessage());
                        return;
                    }
                    Outcome outcome = ar.result();
                    if (!outcome.ok()) {
                        listener.failed(r, function, outcome.message());
                        return;
                    }
                    if (outcome.width() != null) {
                        r.widths.put(function, outcome.width());
                    }
                    if (d.workflow().isSink(function)) {
                        listener.sinkDone(r, function);
                        return;
                    }
                    outcome.taken().forEach(next -> arrive(r, next, function, false));
                    outcome.notTaken().forEach(next -> arrive(r, next, function, true));
                });
    }

    /**
     * The artifact's simulated "node selection": ask every worker for its status (all at once) and wait
     * for all answers before calling the owner. Off with probeWorkers=false.
     */
    private Future<Void> probe(Deployment d) {
        if (!config.probeWorkers()) {
            return Future.succeededFuture();
        }
        List<Future<Void>> probes = new ArrayList<>();
        for (String url : d.agents().values()) {
            probes.add(agents.probe(url));
        }
        return Future.join(probes).<Void>mapEmpty().recover(err -> Future.succeededFuture());
    }
}
