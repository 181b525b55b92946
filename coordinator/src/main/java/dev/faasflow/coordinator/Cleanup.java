package dev.faasflow.coordinator;

import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Deployment;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.Futures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Clears an ended invocation everywhere: every agent of its plan, then the remote tier except what is kept. */
final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private final AgentClient agents;
    private final FaaStore store;
    private final Context context;

    Cleanup(AgentClient agents, FaaStore store, Context context) {
        this.agents = agents;
        this.store = store;
        this.context = context;
    }

    /**
     * The cleanup reports of the nodes that answered (what ran there, bytes moved); a node or the remote tier
     * that could not be cleared is logged, never fatal to the result. Completes on the event loop.
     */
    Future<List<CleanupReport>> clear(Deployment d, String invocation, Set<String> keep) {
        List<Future<CleanupReport>> cleanups = new ArrayList<>();
        for (String node : d.nodesUsed()) {
            cleanups.add(agents.cleanup(d.agents().get(node), invocation));
        }
        Promise<List<CleanupReport>> done = Promise.promise();
        Future.join(cleanups).onComplete(all -> store.clearIntermediateAsync(invocation, keep)
                .whenComplete((x, err) -> context.runOnContext(v -> {
                    List<CleanupReport> reports = new ArrayList<>();
                    List<String> problems = new ArrayList<>();
                    for (Future<CleanupReport> c : cleanups) {
                        if (c.succeeded()) {
                            reports.add(c.result());
                        } else {
                            problems.add(c.cause().getMessage());
                        }
                    }
                    if (err != null) {
                        problems.add("remote store: " + String.valueOf(Futures.unwrap(err).getMessage()));
                    }
                    if (!problems.isEmpty()) {
                        LOG.warn("invocation {} was not fully cleared: {}", invocation, problems);
                    }
                    done.complete(reports);
                })));
        return done.future();
    }
}
