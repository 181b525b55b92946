package dev.faasflow.operator;

import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowResource;
import io.fabric8.kubernetes.api.model.Pod;
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
 * Reconciles Workflows (see {@link WorkflowController}). Besides the Workflow itself, two pod informers
 * wake it: agent pods (any change in the set of ready agents re-plans every Workflow) and its own group pods
 * (a deleted group pod is recreated).
 */
@ControllerConfiguration(name = "workflow")
public class WorkflowReconciler implements Reconciler<WorkflowResource>, Cleaner<WorkflowResource> {
    @Inject
    OperatorRuntime runtime;

    @Override
    public UpdateControl<WorkflowResource> reconcile(WorkflowResource resource, Context<WorkflowResource> context) {
        WorkflowController.Result result = runtime.workflows().reconcile(resource);
        UpdateControl<WorkflowResource> control;
        if (sameStatus(resource, result)) {
            control = UpdateControl.noUpdate();
        } else {
            WorkflowResource patch = new WorkflowResource();
            patch.setMetadata(resource.getMetadata());
            patch.setStatus(result.status());
            control = UpdateControl.patchStatus(patch);
        }
        if (result.retryAfter() != null) {
            control.rescheduleAfter(result.retryAfter());
        }
        return control;
    }

    private static boolean sameStatus(WorkflowResource resource, WorkflowController.Result result) {
        try {
            return resource.getStatus() != null && dev.faasflow.crds.WorkflowManifests.JSON.writeValueAsString(resource.getStatus())
                    .equals(dev.faasflow.crds.WorkflowManifests.JSON.writeValueAsString(result.status()));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public DeleteControl cleanup(WorkflowResource resource, Context<WorkflowResource> context) {
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
                .withOnUpdateFilter((now, before) -> false)
                .withOnAddFilter(pod -> false)
                .build();
        return List.of(new InformerEventSource<>(agents.build(), context), new InformerEventSource<>(groups, context));
    }

    private static Set<ResourceID> allWorkflows(EventSourceContext<WorkflowResource> context) {
        return context.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
    }
}
