package dev.faasflow.faastore;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node-memory tier: values held by reference (no copies), charged to a {@link MemoryBudget}.
 *
 * <p>Every change of an invocation's values runs inside {@code ConcurrentHashMap.compute} on that
 * invocation's entry, so a put racing a clear can never leave a value that is charged but unreachable
 * (or reachable but uncharged): the budget always equals the sum of the sizes held. Reads take no lock.
 *
 * <p>{@link #end} marks an invocation ended before it clears it, and a put checks the mark inside the same
 * {@code compute}: a put that was in flight when its invocation ended either lands before the clear (and is
 * cleared) or sees the mark (and is refused). Nothing of an ended invocation stays.
 */
public final class LocalTier {
    private final MemoryBudget budget;
    private final EndedInvocations ended;
    private final ConcurrentHashMap<String, InvocationValues> byInvocation = new ConcurrentHashMap<>();

    /** The values of one invocation, and the workflow they are charged to. */
    private record InvocationValues(String workflow, ConcurrentHashMap<String, Blob> values) {
        long totalBytes() {
            long total = 0;
            for (Blob b : values.values()) {
                total += b.size();
            }
            return total;
        }
    }

    public LocalTier(MemoryBudget budget) {
        this(budget, new EndedInvocations());
    }

    public LocalTier(MemoryBudget budget, EndedInvocations ended) {
        this.budget = budget;
        this.ended = ended;
    }

    public EndedInvocations ended() {
        return ended;
    }

    public MemoryBudget budget() {
        return budget;
    }

    /**
     * Stores the value if the invocation has not ended and the budget admits it; a refused value is not stored
     * and any older local value under the same key stays untouched (the caller decides whether to drop it).
     *
     * @param workflow charged for the invocation's values if this is the invocation's first local value
     */
    public LocalAdmission put(String workflow, String invocationId, String key, Blob value) {
        LocalAdmission[] outcome = new LocalAdmission[1];
        byInvocation.compute(invocationId, (inv, held) -> {
            if (ended.hasEnded(inv)) {
                outcome[0] = LocalAdmission.INVOCATION_ENDED;
                return held;
            }
            InvocationValues target = held != null ? held : new InvocationValues(workflow, new ConcurrentHashMap<>());
            Blob old = target.values.get(key);
            outcome[0] = budget.tryAdmit(target.workflow, value.size(), old == null ? 0 : old.size());
            if (outcome[0].admitted()) {
                target.values.put(key, value);
            }
            return target.values.isEmpty() ? null : target;
        });
        return outcome[0];
    }

    /** The value, or null when this node's memory does not hold it. */
    public Blob get(String invocationId, String key) {
        InvocationValues held = byInvocation.get(invocationId);
        return held == null ? null : held.values.get(key);
    }

    public boolean contains(String invocationId, String key) {
        return get(invocationId, key) != null;
    }

    /** Size in bytes of the removed value, or -1 when there was none. */
    public long delete(String invocationId, String key) {
        long[] removed = {-1};
        byInvocation.computeIfPresent(invocationId, (inv, held) -> {
            Blob old = held.values.remove(key);
            if (old != null) {
                budget.release(held.workflow, old.size());
                removed[0] = old.size();
            }
            return held.values.isEmpty() ? null : held;
        });
        return removed[0];
    }

    /** Drops every value of the invocation; returns how many there were. */
    public int clear(String invocationId) {
        int[] removed = {0};
        byInvocation.computeIfPresent(invocationId, (inv, held) -> {
            budget.release(held.workflow, held.totalBytes());
            removed[0] = held.values.size();
            return null;
        });
        return removed[0];
    }

    /**
     * The invocation is over on this node: from now on its puts are refused ({@link LocalAdmission#INVOCATION_ENDED});
     * drops every value it holds except those under {@code keep}, and returns how many it dropped.
     */
    public int end(String invocationId, Set<String> keep) {
        ended.end(invocationId); // before the clear: see the class comment
        return keep.isEmpty() ? clear(invocationId) : clearExcept(invocationId, keep);
    }

    public boolean hasEnded(String invocationId) {
        return ended.hasEnded(invocationId);
    }

    /** Drops every value of the invocation except those under {@code keep}; returns how many it dropped. */
    public int clearExcept(String invocationId, Set<String> keep) {
        int[] removed = {0};
        byInvocation.computeIfPresent(invocationId, (inv, held) -> {
            for (Map.Entry<String, Blob> e : Map.copyOf(held.values).entrySet()) {
                if (!keep.contains(e.getKey())) {
                    held.values.remove(e.getKey());
                    budget.release(held.workflow, e.getValue().size());
                    removed[0]++;
                }
            }
            return held.values.isEmpty() ? null : held;
        });
        return removed[0];
    }

    /** Keys this node holds for the invocation (a snapshot). */
    public Set<String> keys(String invocationId) {
        InvocationValues held = byInvocation.get(invocationId);
        return held == null ? Set.of() : Set.copyOf(held.values.keySet());
    }

    public int invocationCount() {
        return byInvocation.size();
    }

    /** Sum of the sizes held, computed from the values themselves (tests compare it with the budget). */
    public long heldBytes() {
        long total = 0;
        for (InvocationValues held : byInvocation.values()) {
            total += held.totalBytes();
        }
        return total;
    }
}
