package dev.faasflow.agent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts the incoming edges of functions within one invocation. A function runs once every predecessor
 * reported and at least one of them really ran (or it has none); it is skipped when every predecessor was
 * skipped, so joins after switches fire and every invocation terminates. Each edge counts once, so a trigger
 * delivered twice (a retried message) changes nothing. Not thread-safe: one owner.
 */
public final class JoinCounter {
    public enum Decision { WAIT, RUN, SKIP, DUPLICATE }

    /** The {@code from} of a start function's trigger, which has no predecessor. */
    private static final String START = "";

    private final Map<String, Set<String>> arrivedFrom = new HashMap<>();
    private final Set<String> anyRan = new HashSet<>();
    private final Set<String> decided = new HashSet<>();

    /**
     * @param from the predecessor whose edge fired, or null for a start function
     */
    public Decision arrive(String function, String from, boolean skipped, int predecessors) {
        if (decided.contains(function)) {
            return Decision.DUPLICATE;
        }
        Set<String> seen = arrivedFrom.computeIfAbsent(function, f -> new HashSet<>());
        if (!seen.add(from == null ? START : from)) {
            return Decision.DUPLICATE;
        }
        if (!skipped) {
            anyRan.add(function);
        }
        if (seen.size() < predecessors) {
            return Decision.WAIT;
        }
        decided.add(function);
        arrivedFrom.remove(function);
        return predecessors == 0 || anyRan.contains(function) ? Decision.RUN : Decision.SKIP;
    }
}
