package dev.faasflow.operator;

import dev.faasflow.crds.InvocationResource;
import dev.faasflow.operator.invocation.InvocationController;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Reconciles Invocations (see {@link InvocationController}); the controller writes their status itself.
 *
 * <p>Deletions take another path, without a finalizer per Invocation: {@link InvocationController#watchDeletions}
 * hears the Delete events and frees the invocation in the engine. (JOSDK's {@code triggerReconcilerOnAllEvents}
 * would bring them here, but the Quarkus extension in use does not pass that setting on to the framework.)
 */
@ControllerConfiguration(name = "invocation")
public class InvocationReconciler implements Reconciler<InvocationResource> {
    @Inject
    OperatorRuntime runtime;

    @Override
    public UpdateControl<InvocationResource> reconcile(InvocationResource resource, Context<InvocationResource> context) {
        Duration again = runtime.invocations().reconcile(resource);
        UpdateControl<InvocationResource> control = UpdateControl.noUpdate();
        if (again != null) {
            control.rescheduleAfter(again);
        }
        return control;
    }
}
