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

    /** Wakeups that came before the event source started (an install can finish first): delivered on start. */
    private final Set<ResourceID> early = new java.util.HashSet<>();

    @Override
    public void accept(ResourceID workflow) {
        synchronized (early) {
            if (!isRunning() || getEventHandler() == null) {
                early.add(workflow);
                return;
            }
        }
        getEventHandler().handleEvent(new Event(workflow));
    }

    @Override
    public void start() {
        super.start();
        java.util.List<ResourceID> pending;
        synchronized (early) {
            pending = java.util.List.copyOf(early);
            early.clear();
        }
        pending.forEach(this::accept);
    }

    @Override
    public Set<Void> getSecondaryResources(WorkflowResource primary) {
        return Set.of();
    }
}
