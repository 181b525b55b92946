package dev.faasflow.agent.protocol;

import java.util.List;

/** What an agent hands back when an invocation is cleared on its node. */
public record CleanupReport(String node, List<FunctionRecord> functions, long bytesLocal, long bytesRemote,
                            double storeMs, long spills, long valuesRemoved) {
}
