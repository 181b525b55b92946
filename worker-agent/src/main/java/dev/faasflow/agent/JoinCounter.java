package dev.faasflow.agent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts the incoming edges of functions within one invocation. A function runs once every predecessor
 * reported and at least one of them really ran (or it has none); it is skipped when every predecessor was
 * skipped, so joins after switches fire and every invocation terminates. Not thread-safe: one owner.
 */
public final class JoinCounter {
    public enum Decision { WAIT, RUN, SKIP, DUPLICATE }

    private final Map<String, Integer> arrived = new HashMap<>();
    private final Set<String> anyRan = new HashSet<>();
    private final Set<String> decided = new HashSet<>();

    public Decision arrive(String function, boolean skipped, int predecessors) {
        if (decided.contains(function)) {
            return Decision.DUPLICATE;
        }
        int count = arrived.merge(function, 1, Integer::sum);
        if (!skipped) {
            anyRan.add(function);
        }
        if (count < predecessors) {
            return Decision.WAIT;
        }
        decided.add(function);
        return predecessors == 0 || anyRan.contains(function) ? Decision.RUN : Decision.SKIP;
    }
}
