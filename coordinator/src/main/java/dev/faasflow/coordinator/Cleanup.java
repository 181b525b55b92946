package dev.faasflow.coordinator;

import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Retry;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.StoreUnavailableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Clears an ended invocation everywhere: every agent of its plan, then the remote tier except what is kept. */
final class Cleanup {
    private static final Logger LOG = LoggerFactory.getLogger(Cleanup.class);
    /**
     * The remote tier's clear is tried again while the store is unavailable (a Redis restart): 5 attempts, pauses
     * from 200 ms doubling to 2 s, none started after 10 s. What it still cannot clear expires with the key TTL.
     */
    static final Retry.Policy REMOTE_CLEAR_RETRY = new Retry.Policy(Duration.ofMillis(200), Duration.ofSeconds(2), 0.25,
            5, Duration.ofSeconds(10));

    /** What a cleanup achieved: the reports of the nodes that answered, and one line per part that failed. */
    record Cleared(List<CleanupReport> reports, List<String> problems) {
        Cleared {
            reports = List.copyOf(reports);
            problems = List.copyOf(problems);
        }

        /** Every node and the remote tier did what they were asked. */
        boolean complete() {
            return problems.isEmpty();
        }
    }

    private final AgentClient agents;
    private final FaaStore store;
    private final Context context;

    Cleanup(AgentClient agents, FaaStore store, Context context) {
        this.agents = agents;
        this.store = store;
        this.context = context;
    }

    /**
     * Asks every node of {@code agentUrls} (node → agent URL) to clear the invocation, then clears the remote tier
     * except the keys in {@code keep} (after the nodes, so that the tombstone it leaves also refuses what the nodes
     * were still writing). With {@code keepIntermediates} nodes move their memory of it to the remote tier instead
     * and every remote value stays (a failed invocation kept for a retry). Never fails: a node or the remote tier
     * that could not be cleared is one line of {@link Cleared#problems}. Completes on the event loop.
     */
    Future<Cleared> clear(Map<String, String> agentUrls, String invocation, Set<String> keep, boolean keepIntermediates) {
        List<String> nodes = List.copyOf(agentUrls.keySet());
        List<Future<CleanupReport>> cleanups = new ArrayList<>();
        for (String node : nodes) {
            cleanups.add(agents.cleanup(agentUrls.get(node), invocation, keepIntermediates));
        }
        return Future.join(cleanups).transform(all -> remote(invocation, keep, keepIntermediates)).map(remoteProblem -> {
            List<CleanupReport> reports = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < cleanups.size(); i++) {
                Future<CleanupReport> c = cleanups.get(i);
                if (c.succeeded()) {
                    reports.add(c.result());
                } else {
                    problems.add("node " + nodes.get(i) + ": " + c.cause().getMessage());
                }
            }
            if (remoteProblem != null) {
                problems.add(remoteProblem);
            }
            if (!problems.isEmpty()) {
                LOG.warn("invocation {} was not fully {}: {}", invocation, keepIntermediates ? "kept" : "cleared",
                        problems);
            }
            return new Cleared(reports, problems);
        });
    }

    /** Null when the remote tier did what it was asked, else what went wrong (after the retries). */
    private Future<String> remote(String invocation, Set<String> keep, boolean keepIntermediates) {
        return Retry.call(context.owner(), REMOTE_CLEAR_RETRY,
                        () -> Future.fromCompletionStage(keepIntermediates
                                ? store.keepAllAsync(invocation).thenApply(kept -> (Object) kept)
                                : store.clearIntermediateAsync(invocation, keep).thenApply(cleared -> (Object) cleared),
                                context),
                        failure -> Futures.unwrap(failure) instanceof StoreUnavailableException)
                .map(done -> (String) null)
                .otherwise(err -> "remote store: " + Futures.unwrap(err).getMessage());
    }
}
