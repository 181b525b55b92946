package dev.faasflow.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationSpec;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Invocation reconcile logic: hands a new Invocation to the coordinator, writes Running with the start
 * time, and writes the final status once when the coordinator reports the end; deletes finished Invocations
 * after {@code ttlSecondsAfterFinished}. Per-function progress never goes through the API server.
 */
public final class InvocationController {
    private static final Logger LOG = Logger.getLogger(InvocationController.class);
    /** Results bigger than this in total are shown as references ({key, bytes}), largest first. */
    public static final int STATUS_RESULTS_BYTES = 32 * 1024;

    private final KubernetesClient client;
    private final Coordinator coordinator;
    private final WorkflowController workflows;
    private final OperatorSettings settings;
    private final EventRecorder events;
    private final ScheduledExecutorService timers;
    private final MeterRegistry metrics;
    /** Invocation uid → the engine's handle, while it runs. */
    private final Map<String, InvocationHandle> running = new ConcurrentHashMap<>();
    /** Invocation uid → its pending TTL deletion. */
    private final Map<String, ScheduledFuture<?>> ttlTasks = new ConcurrentHashMap<>();

    public InvocationController(KubernetesClient client, Coordinator coordinator, WorkflowController workflows,
                                OperatorSettings settings, EventRecorder events, ScheduledExecutorService timers,
                                MeterRegistry metrics) {
        this.client = client;
        this.coordinator = coordinator;
        this.workflows = workflows;
        this.settings = settings;
        this.events = events;
        this.timers = timers;
        this.metrics = metrics;
        if (metrics != null) {
            metrics.gaugeMapSize("faasflow.invocations.running", List.of(), running);
        }
    }

    /** Invocations this operator is driving right now. */
    public int running() {
        return running.size();
    }

    /** @return when to look again, or null */
    public Duration reconcile(InvocationResource inv) {
        InvocationStatus status = inv.getStatus();
        String uid = inv.getMetadata().getUid();
        if (status != null && status.getPhase() != null && status.getPhase().isFinal()) {
            scheduleTtl(inv);
            return null;
        }
        if (status != null && status.getPhase() == InvocationPhase.RUNNING) {
            if (running.containsKey(uid)) {
                return null;
            }
            // Started by an operator that is gone: the engine's state of it went with it.
            writeFinal(inv, status, InvocationPhase.FAILED, null,
                    "the operator restarted while the invocation ran; its engine state is lost", null);
            return null;
        }
        InvocationSpec spec = inv.getSpec();
        String namespace = inv.getMetadata().getNamespace();
        if (spec == null || spec.getWorkflowRef() == null || spec.getWorkflowRef().getName() == null) {
            writeFinal(inv, status, InvocationPhase.FAILED, null, "spec.workflowRef.name is required", null);
            return null;
        }
        String workflow = spec.getWorkflowRef().getName();
        String engineName = Resources.engineName(namespace, workflow);
        if (!workflows.isDeployed(engineName)) {
            WorkflowResource wf = client.resources(WorkflowResource.class).inNamespace(namespace).withName(workflow).get();
            if (wf != null && wf.getStatus() != null && WorkflowStatus.INVALID.equals(wf.getStatus().getPhase())) {
                writeFinal(inv, status, InvocationPhase.FAILED, null, "workflow " + workflow + " is invalid: "
                        + wf.getStatus().getMessage(), null);
                return null;
            }
            String why = wf == null ? "workflow " + workflow + " does not exist in namespace " + namespace
                    : "workflow " + workflow + " is not Ready yet"
                    + (wf.getStatus() == null || wf.getStatus().getMessage() == null ? "" : " (" + wf.getStatus().getMessage() + ")");
            if (status == null || status.getPhase() != InvocationPhase.PENDING || !why.equals(status.getMessage())) {
                InvocationStatus pending = new InvocationStatus();
                pending.setPhase(InvocationPhase.PENDING);
                pending.setMessage("waiting: " + why);
                pending.setObservedGeneration(inv.getMetadata().getGeneration());
                patchStatus(inv, pending);
            }
            return Duration.ofSeconds(2);
        }

        long timeoutSeconds = spec.getTimeoutSeconds() == null ? settings.defaultTimeoutSeconds() : spec.getTimeoutSeconds();
        InvokeOptions options = InvokeOptions.defaults().withTimeoutMillis(timeoutSeconds * 1000)
                .withGenerateMissingInputs(Boolean.TRUE.equals(spec.getGenerateMissingInputs()));
        if (spec.getTimeScale() != null && spec.getTimeScale() > 0) {
            options = options.withTimeScale(spec.getTimeScale());
        }
        InvocationHandle handle;
        try {
            handle = coordinator.invoke(engineName, spec.getInput(), options);
        } catch (InvalidInvocationException e) {
            writeFinal(inv, status, InvocationPhase.FAILED, null, e.getMessage(), null);
            return null;
        }
        running.put(uid, handle);
        InvocationStatus started = new InvocationStatus();
        started.setPhase(InvocationPhase.RUNNING);
        started.setId(handle.id());
        started.setStartTime(now());
        started.setMessage("running as " + handle.id() + " (timeout " + timeoutSeconds + " s)");
        started.setObservedGeneration(inv.getMetadata().getGeneration());
        try {
            patchStatus(inv, started);
        } catch (RuntimeException e) {
            LOG.warnf("invocation %s/%s: could not write Running: %s", namespace, inv.getMetadata().getName(), e.getMessage());
        }
        count("started", null);
        // Attached after Running is written, so the final status always comes last.
        handle.result().whenComplete((result, err) -> {
            running.remove(uid);
            if (err != null) {
                writeFinal(inv, started, InvocationPhase.FAILED, null, "the engine failed: " + err.getMessage(), null);
            } else {
                writeFinal(inv, started, result.phase(), result.failedFunction(), result.message(), result);
            }
        });
        return null;
    }

    private void writeFinal(InvocationResource inv, InvocationStatus before, InvocationPhase phase, String failedFunction,
                            String message, InvocationResult result) {
        InvocationStatus s = new InvocationStatus();
        s.setPhase(phase);
        s.setObservedGeneration(inv.getMetadata().getGeneration());
        String start = before != null && before.getStartTime() != null ? before.getStartTime() : now();
        s.setId(before == null ? null : before.getId());
        s.setStartTime(start);
        String end = result != null ? Instant.ofEpochMilli(result.completedAtMillis()).truncatedTo(ChronoUnit.SECONDS).toString() : now();
        s.setCompletionTime(end);
        double durationMs = result != null ? (result.e2eMs() > 0 ? result.e2eMs()
                : result.completedAtMillis() - result.startedAtMillis()) : 0;
        s.setDurationMs(Math.round(durationMs * 1000.0) / 1000.0);
        s.setDuration(human(durationMs));
        s.setFailedFunction(failedFunction);
        s.setMessage(message != null ? message : phase == InvocationPhase.SUCCEEDED ? "succeeded" : phase.label());
        if (result != null) {
            s.setScheduleOverheadMs(Math.round(result.scheduleOverheadMs() * 1000.0) / 1000.0);
            s.setDataOverheadMs(Math.round(result.dataOverheadMs() * 1000.0) / 1000.0);
            if (!result.results().isEmpty()) {
                s.setResults(boundedResults(result.results()));
            }
        }
        try {
            patchStatus(inv, s);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.infof("invocation %s/%s ended %s after its resource was deleted", inv.getMetadata().getNamespace(),
                        inv.getMetadata().getName(), phase.label());
            } else {
                LOG.warnf("invocation %s/%s ended %s but its status could not be written: %s", inv.getMetadata().getNamespace(),
                        inv.getMetadata().getName(), phase.label(), e.getMessage());
            }
            return;
        }
        count(phase.label(), s.getDurationMs());
        String workflow = inv.getSpec() == null || inv.getSpec().getWorkflowRef() == null ? "?" : inv.getSpec().getWorkflowRef().getName();
        switch (phase) {
            case SUCCEEDED -> events.normal(inv, "Succeeded", "workflow " + workflow + " finished in " + s.getDuration());
            case TIMED_OUT -> events.warning(inv, "TimedOut", "workflow " + workflow + ": " + s.getMessage());
            default -> events.warning(inv, "Failed", failedFunction != null
                    ? "workflow " + workflow + ": function " + failedFunction + " failed: " + s.getMessage()
                    : "workflow " + workflow + ": " + s.getMessage());
        }
        InvocationResource withStatus = copyRef(inv);
        withStatus.setSpec(inv.getSpec());
        withStatus.setStatus(s);
        scheduleTtl(withStatus);
    }

    /** Small results inline; when they add up to too much, the largest become {key, bytes} references. */
    static Map<String, JsonNode> boundedResults(Map<String, JsonNode> results) {
        Map<String, JsonNode> out = new LinkedHashMap<>(results);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> e : out.entrySet()) {
            int size = e.getValue().toString().length();
            sizes.put(e.getKey(), size);
            total += size;
        }
        List<String> bySize = new ArrayList<>(sizes.keySet());
        bySize.sort(Comparator.comparing(sizes::get, Comparator.reverseOrder()));
        for (String key : bySize) {
            if (total <= STATUS_RESULTS_BYTES) {
                break;
            }
            JsonNode v = out.get(key);
            if (v.isObject() && v.has("key") && v.has("bytes") && v.size() == 2) {
                continue; // already a reference
            }
            ObjectNode ref = WorkflowManifests.JSON.createObjectNode();
            ref.put("key", key);
            ref.put("bytes", v.toString().length());
            out.put(key, ref);
            total -= sizes.get(key) - ref.toString().length();
        }
        return out;
    }

    private void scheduleTtl(InvocationResource inv) {
        Long ttl = inv.getSpec() == null ? null : inv.getSpec().getTtlSecondsAfterFinished();
        InvocationStatus s = inv.getStatus();
        if (ttl == null || s == null || s.getCompletionTime() == null) {
            return;
        }
        String uid = inv.getMetadata().getUid();
        long due = Instant.parse(s.getCompletionTime()).toEpochMilli() + ttl * 1000 - System.currentTimeMillis();
        String namespace = inv.getMetadata().getNamespace();
        String name = inv.getMetadata().getName();
        String id = s.getId();
        ttlTasks.computeIfAbsent(uid, k -> timers.schedule(() -> {
            ttlTasks.remove(uid);
            try {
                client.resources(InvocationResource.class).inNamespace(namespace).withName(name).delete();
                LOG.infof("invocation %s/%s deleted %d s after it finished", namespace, name, ttl);
            } catch (RuntimeException e) {
                LOG.warnf("could not delete finished invocation %s/%s: %s", namespace, name, e.getMessage());
            }
            // The Delete event frees it too (deleted()); doing it here as well covers a missed event.
            if (id != null) {
                coordinator.delete(id);
            }
        }, Math.max(0, due), TimeUnit.MILLISECONDS));
    }

    /**
     * Starts an informer that hears every Invocation's Delete event and calls {@link #deleted}: Invocations carry
     * no finalizer, and one deleted by hand still frees its results. The informer's store keeps only what a
     * deletion needs (name, uid, resource version, the engine id), not a second copy of every status.
     */
    public SharedIndexInformer<InvocationResource> watchDeletions() {
        SharedIndexInformer<InvocationResource> informer = client.resources(InvocationResource.class).inAnyNamespace()
                .runnableInformer(0);
        informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, InvocationResource.class,
                client.getKubernetesSerialization(), "metadata.uid", "status.id"));
        informer.addEventHandler(new ResourceEventHandler<InvocationResource>() {
            @Override
            public void onAdd(InvocationResource inv) {
                // the reconciler handles it
            }

            @Override
            public void onUpdate(InvocationResource before, InvocationResource now) {
                // the reconciler handles it
            }

            @Override
            public void onDelete(InvocationResource inv, boolean finalStateUnknown) {
                try {
                    deleted(inv);
                } catch (RuntimeException e) {
                    LOG.warnf("invocation %s/%s deleted, but freeing it failed: %s", inv.getMetadata().getNamespace(),
                            inv.getMetadata().getName(), e.getMessage());
                }
            }
        });
        informer.start().whenComplete((v, err) -> {
            if (err != null) {
                LOG.errorf("cannot watch Invocations for deletions (their results stay until they expire): %s",
                        err.getMessage());
            }
        });
        return informer;
    }

    /**
     * The Invocation resource is gone (deleted by hand or by its TTL): the engine forgets the invocation and its
     * results leave the remote store. One still running is forgotten as soon as it ends; its final status has
     * nowhere to go.
     */
    public void deleted(InvocationResource inv) {
        String uid = inv.getMetadata().getUid();
        ScheduledFuture<?> ttl = ttlTasks.remove(uid);
        if (ttl != null) {
            ttl.cancel(false);
        }
        InvocationHandle handle = running.get(uid);
        String id = handle != null ? handle.id() : inv.getStatus() == null ? null : inv.getStatus().getId();
        if (id == null) {
            return; // never started: the engine holds nothing of it
        }
        String namespace = inv.getMetadata().getNamespace();
        String name = inv.getMetadata().getName();
        if (handle != null) {
            LOG.infof("invocation %s/%s (%s) deleted while it runs: cancelled, forgotten once cleared", namespace, name, id);
            coordinator.cancel(id, "cancelled: the Invocation resource was deleted");
            handle.result().whenComplete((result, err) -> forget(namespace, name, id));
        } else {
            forget(namespace, name, id);
        }
    }

    private void forget(String namespace, String name, String id) {
        coordinator.delete(id).whenComplete((removed, err) -> {
            if (err != null) {
                LOG.warnf("invocation %s/%s (%s) deleted, but its results could not be dropped: %s", namespace, name, id,
                        err.getMessage());
            } else if (Boolean.TRUE.equals(removed)) {
                LOG.infof("invocation %s/%s deleted: %s and its results dropped from the engine", namespace, name, id);
            }
        });
    }

    private void patchStatus(InvocationResource inv, InvocationStatus status) {
        InvocationResource patch = copyRef(inv);
        patch.setStatus(status);
        client.resources(InvocationResource.class).inNamespace(inv.getMetadata().getNamespace()).resource(patch).patchStatus();
    }

    private static InvocationResource copyRef(InvocationResource inv) {
        InvocationResource r = new InvocationResource();
        r.setMetadata(new ObjectMetaBuilder().withName(inv.getMetadata().getName())
                .withNamespace(inv.getMetadata().getNamespace()).withUid(inv.getMetadata().getUid())
                .withGeneration(inv.getMetadata().getGeneration()).build());
        return r;
    }

    private void count(String what, Double durationMs) {
        if (metrics == null) {
            return;
        }
        metrics.counter("faasflow.invocations", "event", what.toLowerCase(Locale.ROOT)).increment();
        if (durationMs != null) {
            metrics.timer("faasflow.invocation.duration", "phase", what.toLowerCase(Locale.ROOT))
                    .record(Math.round(durationMs), TimeUnit.MILLISECONDS);
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** 1.234s, 250ms, 2m3s. */
    static String human(double ms) {
        if (ms < 1000) {
            return Math.round(ms) + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
        }
        long s = Math.round(ms / 1000.0);
        return (s / 60) + "m" + (s % 60) + "s";
    }
}
