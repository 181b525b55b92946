package dev.faasflow.coordinator;

import dev.faasflow.agent.Deployment;
import dev.faasflow.workflow.ControlMode;

/**
 * A workflow the coordinator can start: its deployment on the agents, its control mode, and the id of this
 * deployment (a digest of what was installed), which an invocation's record names.
 */
record Deployed(Deployment deployment, ControlMode controlMode, String planId, PlanFacts facts) {
    Deployed(Deployment deployment, ControlMode controlMode, String planId) {
        this(deployment, controlMode, planId, PlanFacts.of(deployment, controlMode, planId));
    }
}
