package dev.faasflow.operator;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether a workflow's group pods are ready, and when not, why, in the words {@code kubectl describe pod} uses: the
 * container's waiting reason and message (ImagePullBackOff, CrashLoopBackOff, …) with the pod and container names.
 */
public final class PodHealth {
    /** What the Ready condition says about the pods. */
    public record Verdict(boolean ready, String reason, String message) {
    }

    private PodHealth() {
    }

    /** A pod that will not run again by itself: its phase is final (pods pinned by nodeName are never rescheduled). */
    public static boolean isDead(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    public static boolean isReady(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
                || !"Running".equals(pod.getStatus().getPhase())) {
            return false;
        }
        List<PodCondition> conditions = pod.getStatus().getConditions();
        return conditions != null && conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * @param expected names of the pods the plan needs
     * @param present  the workflow's pods as the API server has them (a missing one is being created)
     */
    public static Verdict of(Collection<String> expected, Collection<Pod> present) {
        List<String> problems = new ArrayList<>();
        String reason = null;
        int ready = 0;
        for (String name : expected) {
            Pod pod = present.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst().orElse(null);
            if (pod != null && isReady(pod)) {
                ready++;
                continue;
            }
            String[] why = pod == null ? new String[]{"PodsNotReady", "pod " + name + " is being created"} : why(pod);
            reason = reason == null || "PodsNotReady".equals(reason) ? why[0] : reason;
            problems.add(why[1]);
        }
        if (problems.isEmpty()) {
            return new Verdict(true, "PodsReady", ready + " group pods ready");
        }
        String message = ready + " of " + expected.size() + " group pods ready; " + String.join("; ", problems.subList(0,
                Math.min(3, problems.size()))) + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : "");
        return new Verdict(false, reason, message);
    }

    /** The reason (a CamelCase word) and a sentence naming the pod, and the container when one is at fault. */
    static String[] why(Pod pod) {
        String name = pod.getMetadata().getName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new String[]{"PodsNotReady", "pod " + name + " is being deleted (it will be recreated)"};
        }
        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
            return new String[]{"PodsNotReady", "pod " + name + " has no status yet"};
        }
        String phase = pod.getStatus().getPhase();
        if (isDead(pod)) {
            String r = pod.getStatus().getReason() != null ? pod.getStatus().getReason() : "Pod" + phase;
            return new String[]{r, "pod " + name + " " + phase.toLowerCase() + (pod.getStatus().getMessage() == null ? ""
                    : ": " + pod.getStatus().getMessage()) + " (it will be recreated)"};
        }
        List<ContainerStatus> containers = new ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            containers.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            containers.addAll(pod.getStatus().getContainerStatuses());
        }
        for (ContainerStatus c : containers) {
            if (c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null
                    && !"ContainerCreating".equals(c.getState().getWaiting().getReason())
                    && !"PodInitializing".equals(c.getState().getWaiting().getReason())) {
                var w = c.getState().getWaiting();
                return new String[]{w.getReason(), "pod " + name + ", container " + c.getName() + ": " + w.getReason()
                        + (w.getMessage() == null || w.getMessage().isBlank() ? "" : ": " + w.getMessage())};
            }
            if (c.getState() != null && c.getState().getTerminated() != null) {
                var t = c.getState().getTerminated();
                String r = t.getReason() != null ? t.getReason() : "Terminated";
                return new String[]{r, "pod " + name + ", container " + c.getName() + " terminated: " + r
                        + (t.getExitCode() == null ? "" : " (exit code " + t.getExitCode() + ")")
                        + (t.getMessage() == null ? "" : ": " + t.getMessage())};
            }
        }
        if (pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
                    return new String[]{c.getReason() != null ? c.getReason() : "Unschedulable",
                            "pod " + name + " cannot be placed: " + c.getMessage()};
                }
            }
        }
        for (ContainerStatus c : containers) {
            if (!Boolean.TRUE.equals(c.getReady())) {
                return new String[]{"PodsNotReady", "pod " + name + ", container " + c.getName() + " is not ready yet"};
            }
        }
        return new String[]{"PodsNotReady", "pod " + name + " is " + phase + ", not ready yet"};
    }
}
