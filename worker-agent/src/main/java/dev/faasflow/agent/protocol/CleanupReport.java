package dev.faasflow.agent.protocol;

import java.util.List;
import java.util.Map;

/**
 * What an agent hands back when an invocation is cleared on its node.
 *
 * @param functions every attempt of a function that ran here
 * @param succeeded the functions of this node that succeeded (or were done already, in a retry)
 * @param widths    the foreach widths this node knew
 */
public record CleanupReport(String node, List<FunctionRecord> functions, long bytesLocal, long bytesRemote,
                            double storeMs, long spills, long valuesRemoved, List<String> succeeded,
                            Map<String, Integer> widths) {

    public CleanupReport {
        succeeded = succeeded == null ? List.of() : List.copyOf(succeeded);
        widths = widths == null ? Map.of() : Map.copyOf(widths);
    }
}
