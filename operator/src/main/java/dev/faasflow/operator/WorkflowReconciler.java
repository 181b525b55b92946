package dev.faasflow.operator;

import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles Workflows (see {@link WorkflowController}). Besides the Workflow itself, two pod informers wake it:
 * agent pods (an agent becoming ready or not, or restarting) and its own group pods (a pod that fails, is evicted,
 * is deleted or changes readiness: it is recreated, and the Ready condition follows its pods); a third source wakes
 * it when an install on the agents it started has finished.
 */
@ControllerConfiguration(name = "workflow")
public class WorkflowReconciler implements Reconciler<WorkflowResource>, Cleaner<WorkflowResource> {
    @Inject
    OperatorRuntime runtime;

    /** The writes of the status that can be skipped (the cache may not show the last one yet). */
    private final StatusWrites writes = new StatusWrites();

    @Override
    public UpdateControl<WorkflowResource> reconcile(WorkflowResource resource, Context<WorkflowResource> context) {
        WorkflowController.Result result = runtime.workflows().reconcile(resource);
        ResourceID id = ResourceID.fromResource(resource);
        String status = json(result.status());
        String cached = json(resource.getStatus());
        if (writes.needed(id, status, cached)) {
            writeStatus(context.getClient(), resource, result.status());
            writes.wrote(id, status);
        }
        UpdateControl<WorkflowResource> control = UpdateControl.noUpdate();
        if (result.retryAfter() != null) {
            control.rescheduleAfter(result.retryAfter());
        }
        return control;
    }

    /**
     * Replaces the status (PUT of the status subresource, retried on a conflict): a whole new status, so that
     * parts of an older plan never linger as they could with a merge patch.
     */
    static void writeStatus(KubernetesClient client, WorkflowResource resource, WorkflowStatus status) {
        var resources = client.resources(WorkflowResource.class).inNamespace(resource.getMetadata().getNamespace());
        WorkflowResource target = resource;
        for (int attempt = 0; ; attempt++) {
            WorkflowResource copy = new WorkflowResource();
            copy.setMetadata(target.getMetadata());
            copy.setSpec(target.getSpec());
            copy.setStatus(status);
            try {
                resources.resource(copy).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 3) {
                    throw e;
                }
                target = resources.withName(resource.getMetadata().getName()).get();
                if (target == null) {
                    return;
                }
            }
        }
    }

    /** A status as JSON, to compare; null for none (or one that cannot be written, which is then always written). */
    private static String json(WorkflowStatus status) {
        try {
            return status == null ? null : WorkflowManifests.JSON.writeValueAsString(status);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public DeleteControl cleanup(WorkflowResource resource, Context<WorkflowResource> context) {
        writes.forget(ResourceID.fromResource(resource));
        runtime.workflows().cleanup(resource);
        return DeleteControl.defaultDelete();
    }

    @Override
    public List<EventSource<?, WorkflowResource>> prepareEventSources(EventSourceContext<WorkflowResource> context) {
        OperatorSettings settings = runtime.settings();
        InformerEventSourceConfiguration.Builder<Pod> agents = InformerEventSourceConfiguration
                .from(Pod.class, WorkflowResource.class)
                .withName("agent-pods")
                .withLabelSelector(settings.agentSelector())
                .withSecondaryToPrimaryMapper(pod -> allWorkflows(context))
                .withOnUpdateFilter((now, before) -> AgentDirectory.isReadyAgent(now) != AgentDirectory.isReadyAgent(before)
                        || !java.util.Objects.equals(now.getMetadata().getAnnotations(), before.getMetadata().getAnnotations()));
        if (settings.agentNamespace() == null) {
            agents.withWatchAllNamespaces();
        } else {
            agents.withNamespaces(settings.agentNamespace());
        }
        InformerEventSourceConfiguration<Pod> groups = InformerEventSourceConfiguration
                .from(Pod.class, WorkflowResource.class)
                .withName("group-pods")
                .withLabelSelector(Resources.LABEL_COMPONENT + "=" + Resources.COMPONENT_FUNCTION_GROUP)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(WorkflowResource.class))
                .withOnUpdateFilter(WorkflowReconciler::healthChanged)
                .withOnAddFilter(pod -> false)
                .build();
        return List.of(new InformerEventSource<>(agents.build(), context), new InformerEventSource<>(groups, context),
                runtime.wakeups());
    }

    /** A group pod's change that matters: phase, readiness, a container's waiting reason, deletion started. */
    static boolean healthChanged(Pod now, Pod before) {
        return PodHealth.isReady(now) != PodHealth.isReady(before) || PodHealth.isDead(now) != PodHealth.isDead(before)
                || !java.util.Arrays.equals(PodHealth.why(now), PodHealth.why(before));
    }

    private static Set<ResourceID> allWorkflows(EventSourceContext<WorkflowResource> context) {
        return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
