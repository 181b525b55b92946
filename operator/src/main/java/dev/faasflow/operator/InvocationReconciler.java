package dev.faasflow.operator;

import dev.faasflow.crds.InvocationResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;

import java.time.Duration;

/** Reconciles Invocations (see {@link InvocationController}); the controller writes their status itself. */
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
