package dev.faasflow.agent.protocol;

import java.util.List;
import java.util.Map;

/**
 * An invocation that retries a failed one from where it failed: the functions that succeeded there (their
 * outputs were kept and copied into this invocation), which agents do not run again but treat as done at once,
 * firing their successors; and the foreach widths they had.
 *
 * @param of     the id of the invocation this one retries
 * @param done   functions that already succeeded
 * @param widths instances of each foreach function among them
 */
public record Resume(String of, List<String> done, Map<String, Integer> widths) {
    public Resume {
        done = List.copyOf(done);
        widths = Map.copyOf(widths);
    }

    public boolean isDone(String function) {
        return done.contains(function);
    }
}
