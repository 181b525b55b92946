package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.workflow.InvocationPhase;

import java.util.List;
import java.util.Map;

/**
 * How an invocation ended, with its measurements.
 *
 * @param scheduleOverheadMs e2e minus the summed measured times of the functions on the critical path
 * @param dataOverheadMs     the sum of every fetch and put the functions did
 * @param results            small results inline (JSON, or text); large ones as {"key","bytes"} references
 * @param cleanupErrors      what could not be cleared at its end (a node, the remote tier), one line each; empty
 *                           when everything was
 */
public record InvocationResult(String id, String workflow, InvocationPhase phase, String failedFunction,
                               String message, long startedAtMillis, long completedAtMillis, double e2eMs,
                               double scheduleOverheadMs, double dataOverheadMs, long bytesLocal, long bytesRemote,
                               Map<String, JsonNode> results, List<String> criticalPath,
                               List<FunctionRecord> functions, List<String> cleanupErrors) {
    public InvocationResult {
        cleanupErrors = cleanupErrors == null ? List.of() : List.copyOf(cleanupErrors);
        // A result made without them (an invocation lost, or read from an older record) has none, not null.
        functions = functions == null ? List.of() : functions;
        criticalPath = criticalPath == null ? List.of() : criticalPath;
    }
}
