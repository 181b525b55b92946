package dev.faasflow.operator.invocation;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.trace.InvocationTrace;
import dev.faasflow.crds.FunctionStatus;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.crds.TraceSummary;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The statuses an Invocation goes through (Pending with the reason it waits, Running with its engine id, the
 * final one with times, measurements and results) and writing them: a merge patch of the status subresource.
 */
final class InvocationStatuses {
    private final KubernetesClient client;

    InvocationStatuses(KubernetesClient client) {
        this.client = client;
    }

    static InvocationStatus pending(InvocationResource inv, String why) {
        InvocationStatus s = new InvocationStatus();
        s.setPhase(InvocationPhase.PENDING);
        s.setMessage("waiting: " + why);
        s.setObservedGeneration(inv.getMetadata().getGeneration());
        return s;
    }

    static InvocationStatus running(InvocationResource inv, String id, long timeoutSeconds) {
        InvocationStatus s = new InvocationStatus();
        s.setPhase(InvocationPhase.RUNNING);
        s.setId(id);
        s.setStartTime(now());
        s.setMessage("running as " + id + " (timeout " + timeoutSeconds + " s)");
        s.setObservedGeneration(inv.getMetadata().getGeneration());
        return s;
    }

    /**
     * @param before the status it had (its id and start time are kept), or null
     * @param result the engine's result, or null when it ended without one (refused, or lost)
     */
    static InvocationStatus ended(InvocationResource inv, InvocationStatus before, InvocationPhase phase,
                                  String failedFunction, String message, InvocationResult result) {
        InvocationStatus s = new InvocationStatus();
        s.setPhase(phase);
        s.setObservedGeneration(inv.getMetadata().getGeneration());
        s.setId(before == null ? null : before.getId());
        s.setStartTime(before != null && before.getStartTime() != null ? before.getStartTime() : now());
        s.setCompletionTime(result != null ? seconds(Instant.ofEpochMilli(result.completedAtMillis())) : now());
        double durationMs = result == null ? 0 : result.e2eMs() > 0 ? result.e2eMs()
                : result.completedAtMillis() - result.startedAtMillis();
        s.setDurationMs(round3(durationMs));
        s.setDuration(Durations.human(durationMs));
        s.setFailedFunction(failedFunction);
        s.setMessage(message != null ? message : phase == InvocationPhase.SUCCEEDED ? "succeeded" : phase.label());
        if (result != null) {
            s.setScheduleOverheadMs(round3(result.scheduleOverheadMs()));
            s.setDataOverheadMs(round3(result.dataOverheadMs()));
            if (!result.results().isEmpty()) {
                s.setResults(StatusResults.bounded(result.results()));
            }
            s.setTrace(traceSummary(InvocationTrace.Summary.of(result)));
            List<FunctionRecord> attempts = InvocationTrace.attempts(result);
            if (attempts.size() <= MAX_FUNCTIONS_IN_STATUS) {
                s.setFunctions(attempts.stream().map(InvocationStatuses::functionStatus).toList());
            } else {
                s.setFunctionsOmitted(attempts.size());
            }
        }
        return s;
    }

    /** The per-attempt list stays in the status up to this many attempts (the object must stay small). */
    static final int MAX_FUNCTIONS_IN_STATUS = 100;

    private static TraceSummary traceSummary(InvocationTrace.Summary summary) {
        TraceSummary t = new TraceSummary();
        t.setCriticalPath(summary.criticalPath());
        FunctionRecord slowest = summary.slowest();
        if (slowest != null) {
            t.setSlowestFunction(slowest.function() + (slowest.instance() == null ? "" : "[" + slowest.instance() + "]")
                    + " on " + slowest.node() + " (" + Durations.human(slowest.durationMs()) + ")");
        }
        t.setBytesLocal(summary.bytesLocal());
        t.setBytesRemote(summary.bytesRemote());
        t.setAttempts(summary.attempts());
        t.setFailedAttempts(summary.failedAttempts());
        t.setColdStarts(summary.coldStarts());
        t.setQueuedMs(round3(summary.queuedMs()));
        return t;
    }

    private static FunctionStatus functionStatus(FunctionRecord f) {
        FunctionStatus s = new FunctionStatus();
        s.setName(f.function());
        s.setInstance(f.instance());
        s.setNode(f.node());
        s.setAttempt(f.attempt());
        s.setPhase(f.succeeded() ? "Succeeded" : "Failed");
        s.setMessage(f.error());
        s.setDurationMs(round3(f.durationMs()));
        s.setQueuedMs(round3(f.queuedMs()));
        s.setColdStart(f.coldStart());
        return s;
    }

    /** Writes the status (blocking: never call it on an event loop). */
    void write(InvocationResource inv, InvocationStatus status) {
        InvocationResource patch = reference(inv);
        patch.setStatus(status);
        client.resources(InvocationResource.class).inNamespace(inv.getMetadata().getNamespace()).resource(patch).patchStatus();
    }

    /** The resource's identity alone (name, namespace, uid, generation), without spec or status. */
    static InvocationResource reference(InvocationResource inv) {
        InvocationResource r = new InvocationResource();
        r.setMetadata(new ObjectMetaBuilder().withName(inv.getMetadata().getName())
                .withNamespace(inv.getMetadata().getNamespace()).withUid(inv.getMetadata().getUid())
                .withGeneration(inv.getMetadata().getGeneration()).build());
        return r;
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String now() {
        return seconds(Instant.now());
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
