package dev.faasflow.coordinator.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.InvocationResult;

import java.util.Comparator;
import java.util.List;

/**
 * An ended invocation's trace as JSON: where its time went ({@link Summary}) and every function attempt as its node
 * measured it (node, instance, attempt, queued, run, data, bytes, start and end), at most {@link #MAX_FUNCTIONS} of
 * them, in start order, with how many were cut.
 */
public final class InvocationTrace {
    /** Attempts listed at most; a bigger invocation's trace says how many were left out. */
    public static final int MAX_FUNCTIONS = 10_000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private InvocationTrace() {
    }

    /**
     * Where an invocation's time and bytes went, from its result.
     *
     * @param slowest the attempt that ran longest, or null when none was measured
     * @param queuedMs the time its attempts waited on their nodes for slots and instances, summed
     */
    public record Summary(List<String> criticalPath, FunctionRecord slowest, long bytesLocal, long bytesRemote,
                          int attempts, long failedAttempts, long coldStarts, double queuedMs, long nodes) {
        public static Summary of(InvocationResult r) {
            List<FunctionRecord> attempts = InvocationTrace.attempts(r);
            return new Summary(r.criticalPath() == null ? List.of() : List.copyOf(r.criticalPath()),
                    attempts.stream().max(Comparator.comparingDouble(FunctionRecord::durationMs)).orElse(null),
                    r.bytesLocal(), r.bytesRemote(), attempts.size(), attempts.stream().filter(f -> !f.succeeded()).count(),
                    attempts.stream().filter(FunctionRecord::coldStart).count(),
                    attempts.stream().mapToDouble(FunctionRecord::queuedMs).sum(),
                    attempts.stream().map(FunctionRecord::node).distinct().count());
        }
    }

    /** The result's function attempts in the order they started. */
    public static List<FunctionRecord> attempts(InvocationResult r) {
        return r.functions() == null ? List.of() : r.functions().stream()
                .sorted(Comparator.comparingLong(FunctionRecord::startedAtMicros)).toList();
    }

    public static ObjectNode of(InvocationResult r) {
        List<FunctionRecord> attempts = attempts(r);
        Summary s = Summary.of(r);
        ObjectNode o = JSON.objectNode();
        o.put("id", r.id());
        o.put("workflow", r.workflow());
        o.put("phase", r.phase().label());
        o.put("failedFunction", r.failedFunction());
        o.put("message", r.message());
        o.put("startedAtMillis", r.startedAtMillis());
        o.put("completedAtMillis", r.completedAtMillis());
        ObjectNode summary = o.putObject("summary");
        summary.put("e2eMs", r.e2eMs());
        summary.put("scheduleOverheadMs", r.scheduleOverheadMs());
        summary.put("dataOverheadMs", r.dataOverheadMs());
        summary.put("bytesLocal", s.bytesLocal());
        summary.put("bytesRemote", s.bytesRemote());
        ArrayNode path = summary.putArray("criticalPath");
        s.criticalPath().forEach(path::add);
        if (s.slowest() != null) {
            summary.putObject("slowestFunction").put("function", s.slowest().function()).put("node", s.slowest().node())
                    .put("instance", s.slowest().instance()).put("durationMs", s.slowest().durationMs());
        }
        summary.put("attempts", s.attempts());
        summary.put("failedAttempts", s.failedAttempts());
        summary.put("coldStarts", s.coldStarts());
        summary.put("queuedMs", s.queuedMs());
        summary.put("nodes", s.nodes());
        ArrayNode functions = o.putArray("functions");
        for (FunctionRecord f : attempts.subList(0, Math.min(MAX_FUNCTIONS, attempts.size()))) {
            functions.add(Json.MAPPER.<ObjectNode>valueToTree(f)); // the record as the agents report it
        }
        o.put("functionsOmitted", Math.max(0, attempts.size() - MAX_FUNCTIONS));
        return o;
    }
}
