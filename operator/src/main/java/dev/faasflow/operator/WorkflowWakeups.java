package dev.faasflow.operator;

import dev.faasflow.crds.WorkflowResource;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

import java.util.Set;
import java.util.function.Consumer;

/**
 * An event source that wakes a Workflow's reconcile from outside the API server: an install on the agents that
 * finished. The reconcile starts the install and returns at once instead of waiting for the agents.
 */
public final class WorkflowWakeups extends AbstractEventSource<Void, WorkflowResource> implements Consumer<ResourceID> {
    public WorkflowWakeups() {
        super(Void.class, "workflow-wakeups");
    }

    @Override
    public void accept(ResourceID workflow) {
        if (isRunning() && getEventHandler() != null) {
            getEventHandler().handleEvent(new Event(workflow));
        }
    }

    @Override
    public Set<Void> getSecondaryResources(WorkflowResource primary) {
        return Set.of();
    }
}
