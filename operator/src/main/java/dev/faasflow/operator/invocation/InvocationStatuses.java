package dev.faasflow.operator.invocation;

import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
        }
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
