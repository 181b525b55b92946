package dev.faasflow.operator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the coordinator listens (agents report invocation ends to it). */
@Readiness
@ApplicationScoped
public class EngineReadiness implements HealthCheck {
    @Inject
    OperatorRuntime runtime;
    @Inject
    dev.faasflow.operator.ha.Leadership leadership;

    @Override
    public HealthCheckResponse call() {
        var coordinator = runtime.engine().coordinator();
        return HealthCheckResponse.named("faasflow-engine")
                .status(coordinator.port() > 0)
                .withData("coordinator", coordinator.url())
                .withData("remoteStore", runtime.engine().remoteDescription())
                .withData("invocationsInFlight", coordinator.inFlight())
                .withData("leader", leadership.leading())
                .withData("leaderIdentity", String.valueOf(leadership.leader()))
                .build();
    }
}
