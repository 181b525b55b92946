package dev.faasflow.coordinator;

import dev.faasflow.agent.AgentClient;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Clears an ended invocation everywhere: every agent of its plan, then the remote tier except what is kept. */
final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);

    private final AgentClient agents;
    private final FaaStore store;
    private final Context context;

    /**
     * @param reports  the cleanup reports of the nodes that answered (what ran there, bytes moved)
     * @param complete every node and the remote tier did what they were asked
     */
    record Cleared(List<CleanupReport> reports, boolean complete) {
    }

    Cleanup(AgentClient agents, FaaStore store, Context context) {
        this.agents = agents;
        this.store = store;
        this.context = context;
    }

    /**
     * Clears every node of {@code agents} (node → agent URL) and the remote tier, except the keys in {@code keep}; with
     * {@code keepIntermediates} nodes move their memory of it to the remote tier instead and every remote value stays
     * (a failed invocation kept for a retry). A node or the remote tier that could not be cleared is logged, never
     * fatal to the result. Completes on the event loop.
     */
    Future<Cleared> clear(Map<String, String> agentUrls, String invocation, Set<String> keep, boolean keepIntermediates) {
        List<Future<CleanupReport>> cleanups = new ArrayList<>();
        for (String url : agentUrls.values()) {
            cleanups.add(agents.cleanup(url, invocation, keepIntermediates));
        }
        Promise<Cleared> done = Promise.promise();
        Future.join(cleanups).onComplete(all -> remote(invocation, keep, keepIntermediates)
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
                        LOG.warn("invocation {} was not fully {}: {}", invocation, keepIntermediates ? "kept" : "cleared",
                                problems);
                    }
                    done.complete(new Cleared(reports, problems.isEmpty()));
                })));
        return done.future();
    }

    private CompletableFuture<?> remote(String invocation, Set<String> keep, boolean keepIntermediates) {
        return keepIntermediates ? store.keepAllAsync(invocation) : store.clearIntermediateAsync(invocation, keep);
    }
}
