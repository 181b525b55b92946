package dev.faasflow.faastore;

import dev.faasflow.workflow.InvocationPhase;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The invocation records of the in-process remote tier (the embedded engine without Redis): maps, so the
 * coordinator runs the same code with or without Redis. They live as long as the tier, like its values; records
 * are never expired here (the coordinator forgets ended ones when their results go).
 */
public final class InProcessInvocationRecords implements InvocationRecords {
    private final ConcurrentHashMap<String, InvocationRecord> records = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> put(String id, InvocationPhase phase, long deadlineEpochMillis, String body) {
        Names.checkInvocation(id);
        records.compute(id, (k, old) -> old == null
                ? new InvocationRecord(id, phase, deadlineEpochMillis, body, Set.of(), null, null, null)
                : new InvocationRecord(id, phase, deadlineEpochMillis, body, old.sinksReported(), old.failedFunction(),
                old.failure(), old.result()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> addSink(String id, String sink) {
        records.computeIfPresent(id, (k, old) -> {
            if (old.sinksReported().contains(sink)) {
                return old;
            }
            Set<String> sinks = new HashSet<>(old.sinksReported());
            sinks.add(sink);
            return new InvocationRecord(id, old.phase(), old.deadlineEpochMillis(), old.body(), sinks,
                    old.failedFunction(), old.failure(), old.result());
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> fail(String id, String function, String reason) {
        boolean[] won = {false};
        records.computeIfPresent(id, (k, old) -> {
            if (old.failed()) {
                return old;
            }
            won[0] = true;
            return new InvocationRecord(id, old.phase(), old.deadlineEpochMillis(), old.body(), old.sinksReported(),
                    function, reason == null ? "" : reason, old.result());
        });
        return CompletableFuture.completedFuture(won[0]);
    }

    @Override
    public CompletableFuture<Void> end(String id, InvocationPhase phase, String result, Duration keep) {
        records.computeIfPresent(id, (k, old) -> new InvocationRecord(id, phase, old.deadlineEpochMillis(), old.body(),
                old.sinksReported(), old.failedFunction(), old.failure(), result));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Optional<InvocationRecord>> get(String id) {
        return CompletableFuture.completedFuture(Optional.ofNullable(records.get(id)));
    }

    @Override
    public CompletableFuture<List<String>> open() {
        return CompletableFuture.completedFuture(records.values().stream().filter(r -> !r.phase().isFinal())
                .sorted(Comparator.comparingLong(InvocationRecord::deadlineEpochMillis)).map(InvocationRecord::id).toList());
    }

    @Override
    public CompletableFuture<Void> forget(String id) {
        records.remove(id);
        return CompletableFuture.completedFuture(null);
    }

    /** Records held, open or ended. */
    public int size() {
        return records.size();
    }
}
