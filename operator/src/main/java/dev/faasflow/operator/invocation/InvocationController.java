package dev.faasflow.operator.invocation;

import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationSpec;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.faastore.Futures;
import dev.faasflow.operator.EventRecorder;
import dev.faasflow.operator.OperatorSettings;
import dev.faasflow.operator.WorkflowController;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The life of an Invocation resource: hands a new one to the coordinator and writes Running with the start
 * time; writes the final status once the coordinator reports the end; frees the engine's copy when the
 * resource is deleted. Per-function progress never goes through the API server.
 */
public final class InvocationController {
    private static final Logger LOG = Logger.getLogger(InvocationController.class);

    private final KubernetesClient client;
    private final Coordinator coordinator;
    private final WorkflowController workflows;
    private final OperatorSettings settings;
    private final EventRecorder events;
    private final Executor statusWriters;
    private final InvocationStatuses statuses;
    private final InvocationTtl ttl;
    /** Invocation uid → the engine's handle, while it runs. */
    private final Map<String, InvocationHandle> running = new ConcurrentHashMap<>();
    /** Invocation uids handed to the coordinator that have no handle yet. */
    private final Set<String> starting = ConcurrentHashMap.newKeySet();

    /**
     * @param statusWriters where the final status is written: the coordinator completes an invocation on its
     *                      event loop, and the Kubernetes API calls that follow must not block it
     * @param timers        runs the TTL deletions
     */
    public InvocationController(KubernetesClient client, Coordinator coordinator, WorkflowController workflows,
                                OperatorSettings settings, EventRecorder events, Executor statusWriters,
                                ScheduledExecutorService timers) {
        this.client = client;
        this.coordinator = coordinator;
        this.workflows = workflows;
        this.settings = settings;
        this.events = events;
        this.statusWriters = statusWriters;
        this.statuses = new InvocationStatuses(client);
        this.ttl = new InvocationTtl(client, coordinator, timers);
    }

    /** Invocations this operator is driving right now. */
    public int running() {
        return running.size();
    }

    /** @return when to look again, or null */
    public Duration reconcile(InvocationResource inv) {
        InvocationStatus status = inv.getStatus();
        InvocationPhase phase = status == null ? null : status.getPhase();
        if (phase != null && phase.isFinal()) {
            ttl.schedule(inv);
            return null;
        }
        if (phase == InvocationPhase.RUNNING) {
            if (!running.containsKey(inv.getMetadata().getUid())) {
                reattach(inv, status);
            }
            return null;
        }
        if (starting.contains(inv.getMetadata().getUid())) {
            return null;
        }
        InvocationSpec spec = inv.getSpec();
        if (spec == null || spec.getWorkflowRef() == null || spec.getWorkflowRef().getName() == null) {
            end(inv, status, InvocationPhase.FAILED, null, "spec.workflowRef.name is required", null);
            return null;
        }
        String engineName = Resources.engineName(inv.getMetadata().getNamespace(), spec.getWorkflowRef().getName());
        if (!workflows.isDeployed(engineName)) {
            return waitForWorkflow(inv, status);
        }
        start(inv, status, engineName);
        return null;
    }

    /** Pending (with the reason) until the Workflow is Ready; Failed at once if it is invalid. */
    private Duration waitForWorkflow(InvocationResource inv, InvocationStatus status) {
        String namespace = inv.getMetadata().getNamespace();
        String workflow = inv.getSpec().getWorkflowRef().getName();
        WorkflowResource wf = client.resources(WorkflowResource.class).inNamespace(namespace).withName(workflow).get();
        WorkflowStatus wfStatus = wf == null ? null : wf.getStatus();
        if (wfStatus != null && WorkflowStatus.INVALID.equals(wfStatus.getPhase())) {
            end(inv, status, InvocationPhase.FAILED, null, "workflow " + workflow + " is invalid: " + wfStatus.getMessage(),
                    null);
            return null;
        }
        String why = wf == null ? "workflow " + workflow + " does not exist in namespace " + namespace
                : "workflow " + workflow + " is not Ready yet"
                + (wfStatus == null || wfStatus.getMessage() == null ? "" : " (" + wfStatus.getMessage() + ")");
        InvocationStatus pending = InvocationStatuses.pending(inv, why);
        if (status == null || status.getPhase() != InvocationPhase.PENDING || !pending.getMessage().equals(status.getMessage())) {
            statuses.write(inv, pending);
        }
        return Duration.ofSeconds(2);
    }

    private void start(InvocationResource inv, InvocationStatus status, String engineName) {
        InvocationSpec spec = inv.getSpec();
        long timeoutSeconds = spec.getTimeoutSeconds() == null ? settings.defaultTimeoutSeconds() : spec.getTimeoutSeconds();
        InvokeOptions options = InvokeOptions.defaults().withTimeoutMillis(timeoutSeconds * 1000)
                .withGenerateMissingInputs(Boolean.TRUE.equals(spec.getGenerateMissingInputs()));
        if (spec.getTimeScale() != null && spec.getTimeScale() > 0) {
            options = options.withTimeScale(spec.getTimeScale());
        }
        if (Boolean.TRUE.equals(spec.getKeepIntermediates())) {
            options = options.withKeepIntermediates(true);
        }
        if (spec.getRetryOf() != null && !spec.getRetryOf().isBlank()) {
            String original = engineIdOf(inv.getMetadata().getNamespace(), spec.getRetryOf());
            if (original == null) {
                end(inv, status, InvocationPhase.FAILED, null, "spec.retryOf: no Invocation " + spec.getRetryOf()
                        + " that has run in namespace " + inv.getMetadata().getNamespace(), null);
                return;
            }
            options = options.withRetryOf(original);
        }
        String uid = inv.getMetadata().getUid();
        // submit may look a retryOf up in the records: the rest runs when it answers, off the reconcile thread.
        starting.add(uid);
        coordinator.submit(engineName, spec.getInput(), options).whenCompleteAsync((handle, err) -> {
            try {
                if (err != null) {
                    Throwable cause = Futures.unwrap(err);
                    String why = cause instanceof InvalidInvocationException && spec.getRetryOf() != null
                            ? "spec.retryOf " + spec.getRetryOf() + ": " + cause.getMessage() : cause.getMessage();
                    end(inv, status, InvocationPhase.FAILED, null, why, null);
                    return;
                }
                started(inv, handle, timeoutSeconds);
            } finally {
                starting.remove(uid);
            }
        }, statusWriters);
    }

    /** The engine id of an Invocation resource of that namespace, or null when there is none or it never started. */
    private String engineIdOf(String namespace, String name) {
        InvocationResource original = client.resources(InvocationResource.class).inNamespace(namespace).withName(name).get();
        return original == null || original.getStatus() == null ? null : original.getStatus().getId();
    }

    /**
     * Running, but not started by this operator (it restarted, or took over): the engine recovered the invocation
     * from its record, so this waits for its end again; only an invocation the engine has no record of ends Failed,
     * saying so.
     */
    private void reattach(InvocationResource inv, InvocationStatus status) {
        String uid = inv.getMetadata().getUid();
        if (status.getId() == null) {
            end(inv, status, InvocationPhase.FAILED, null, "the operator restarted before the invocation got an engine id",
                    null);
            return;
        }
        InvocationHandle handle = new InvocationHandle(status.getId(), coordinator.attach(status.getId()));
        if (running.putIfAbsent(uid, handle) != null) {
            return;
        }
        LOG.infof("invocation %s/%s (%s): re-attached after an operator restart", inv.getMetadata().getNamespace(),
                inv.getMetadata().getName(), status.getId());
        whenEnded(inv, status, handle);
    }

    private void started(InvocationResource inv, InvocationHandle handle, long timeoutSeconds) {
        String uid = inv.getMetadata().getUid();
        running.put(uid, handle);
        InvocationStatus started = InvocationStatuses.running(inv, handle.id(), timeoutSeconds);
        try {
            statuses.write(inv, started);
        } catch (RuntimeException e) {
            LOG.warnf("invocation %s/%s: could not write Running: %s", inv.getMetadata().getNamespace(),
                    inv.getMetadata().getName(), e.getMessage());
        }
        // Attached after Running is written, so the final status always comes last.
        whenEnded(inv, started, handle);
    }

    /** Writes the final status once the engine ends it, off the event loop. */
    private void whenEnded(InvocationResource inv, InvocationStatus before, InvocationHandle handle) {
        String uid = inv.getMetadata().getUid();
        handle.result().whenCompleteAsync((result, err) -> {
            running.remove(uid);
            if (err != null) {
                Throwable cause = Futures.unwrap(err);
                end(inv, before, InvocationPhase.FAILED, null, cause instanceof java.util.NoSuchElementException
                        ? "the operator restarted while it ran and " + cause.getMessage()
                        : "the engine failed: " + cause.getMessage(), null);
            } else {
                end(inv, before, result.phase(), result.failedFunction(), result.message(), result);
            }
        }, statusWriters);
    }

    /** Writes the final status once, then tells a person (an Event) and counts it. */
    private void end(InvocationResource inv, InvocationStatus before, InvocationPhase phase, String failedFunction,
                     String message, InvocationResult result) {
        InvocationStatus s = InvocationStatuses.ended(inv, before, phase, failedFunction, message, result);
        String where = inv.getMetadata().getNamespace() + "/" + inv.getMetadata().getName();
        try {
            statuses.write(inv, s);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.infof("invocation %s ended %s after its resource was deleted", where, phase.label());
            } else {
                LOG.warnf("invocation %s ended %s but its status could not be written: %s", where, phase.label(),
                        e.getMessage());
            }
            return;
        }
        String workflow = inv.getSpec() == null || inv.getSpec().getWorkflowRef() == null ? "?"
                : inv.getSpec().getWorkflowRef().getName();
        switch (phase) {
            case SUCCEEDED -> events.normal(inv, "Succeeded", "workflow " + workflow + " finished in " + s.getDuration());
            case TIMED_OUT -> events.warning(inv, "TimedOut", "workflow " + workflow + ": " + s.getMessage());
            default -> events.warning(inv, "Failed", failedFunction != null
                    ? "workflow " + workflow + ": function " + failedFunction + " failed: " + s.getMessage()
                    : "workflow " + workflow + ": " + s.getMessage());
        }
        InvocationResource withStatus = InvocationStatuses.reference(inv);
        withStatus.setSpec(inv.getSpec());
        withStatus.setStatus(s);
        ttl.schedule(withStatus);
    }

    /** Starts hearing Invocation deletions (see {@link InvocationDeletions}); stop the informer on shutdown. */
    public SharedIndexInformer<InvocationResource> watchDeletions() {
        return InvocationDeletions.watch(client, this::deleted);
    }

    /**
     * The Invocation resource is gone (deleted by hand or by its TTL): the engine forgets the invocation and its
     * results leave the remote store. One still running is cancelled and forgotten once cleared; its final
     * status has nowhere to go.
     */
    public void deleted(InvocationResource inv) {
        String uid = inv.getMetadata().getUid();
        ttl.cancel(uid);
        InvocationHandle handle = running.get(uid);
        String id = handle != null ? handle.id() : inv.getStatus() == null ? null : inv.getStatus().getId();
        if (id == null) {
            return; // never started: the engine holds nothing of it
        }
        String where = inv.getMetadata().getNamespace() + "/" + inv.getMetadata().getName();
        if (handle != null) {
            LOG.infof("invocation %s (%s) deleted while it runs: cancelled, forgotten once cleared", where, id);
        }
        coordinator.delete(id).whenComplete((removed, err) -> {
            if (err != null) {
                LOG.warnf("invocation %s (%s) deleted, but its results could not be dropped: %s", where, id,
                        String.valueOf(Futures.unwrap(err).getMessage()));
            } else if (Boolean.TRUE.equals(removed)) {
                LOG.infof("invocation %s deleted: %s and its results dropped from the engine", where, id);
            }
        });
    }
}
