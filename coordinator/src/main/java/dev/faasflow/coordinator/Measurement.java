package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.workflow.InvocationPhase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How an ended invocation went, in numbers: from the nodes' function records and byte counts. */
final class Measurement {
    private Measurement() {
    }

    /**
     * @param e2eMs         from the first trigger to the end (0 if it never started)
     * @param cleanupErrors what could not be cleared (a node, the remote tier), one line each
     */
    static InvocationResult of(Running r, InvocationPhase phase, String failedFunction, String message, double e2eMs,
                               Map<String, JsonNode> results, List<CleanupReport> reports, List<String> cleanupErrors) {
        List<FunctionRecord> records = new ArrayList<>();
        long bytesLocal = 0;
        long bytesRemote = 0;
        for (CleanupReport report : reports) {
            records.addAll(report.functions());
            bytesLocal += report.bytesLocal();
            bytesRemote += report.bytesRemote();
        }
        // Failed attempts are in the records too; the critical path is made of the ones that succeeded. A recovered
        // invocation whose plan is no longer deployed has no workflow here: no critical path then.
        List<FunctionRecord> succeeded = records.stream().filter(FunctionRecord::succeeded).toList();
        CriticalPath cp = r.deployed == null ? CriticalPath.NONE
                : CriticalPath.of(r.deployed.deployment().workflow(), succeeded);
        double dataMs = records.stream().mapToDouble(FunctionRecord::dataMs).sum();
        String text = phase == InvocationPhase.FAILED && failedFunction != null && message != null
                && !message.startsWith(failedFunction) ? failedFunction + ": " + message : message;
        double scheduleOverheadMs = phase == InvocationPhase.SUCCEEDED ? Math.max(0, e2eMs - cp.millis) : 0;
        return new InvocationResult(r.id(), r.workflow(), phase, failedFunction, text, r.startedAtMillis,
                System.currentTimeMillis(), e2eMs, scheduleOverheadMs, dataMs, bytesLocal, bytesRemote, results,
                cp.functions, records, cleanupErrors);
    }
}
