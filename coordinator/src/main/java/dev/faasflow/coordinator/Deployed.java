package dev.faasflow.coordinator;

import dev.faasflow.agent.Deployment;
import dev.faasflow.workflow.ControlMode;

/** A workflow the coordinator can start: its deployment on the agents and its control mode. */
record Deployed(Deployment deployment, ControlMode controlMode) {
}
