package dev.faasflow.processes;

import dev.faasflow.agent.protocol.DeployRequest;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanRenderer;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowParser;
import dev.faasflow.workflow.WorkflowWriter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the launcher asks a coordinator process to install ({@code PUT /v1/deployments/{name}}): the agents'
 * deployment message and the control mode. The coordinator process keeps it in its state directory and installs
 * it again when it restarts, as the operator re-reconciles its Workflow resources.
 *
 * @param controlMode WorkerSP or MasterSP, as {@link ControlMode#label()} spells it
 */
public record ClusterDeployment(String controlMode, DeployRequest deployment) {

    public static ClusterDeployment of(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode) {
        Map<String, String> images = new LinkedHashMap<>();
        for (FunctionDef f : wf.functions()) {
            if (f.image() != null) {
                images.put(f.name(), f.image());
            }
        }
        return new ClusterDeployment(mode.label(), new DeployRequest(wf.name(),
                Json.MAPPER.valueToTree(WorkflowWriter.toTree(wf)), images, wf.maxContainers(), PlanRenderer.toJson(plan),
                agentUrls));
    }

    public Workflow workflow() throws WorkflowException {
        DeployRequest d = deployment;
        return WorkflowParser.parse("deployment of " + d.name(), d.name(), Json.MAPPER.convertValue(d.definition(), Object.class),
                d.images() == null ? Map.of() : d.images(),
                d.maxContainers() > 0 ? d.maxContainers() : Workflow.DEFAULT_MAX_CONTAINERS);
    }

    public Plan plan() {
        return PlanRenderer.fromJson(deployment.plan());
    }

    public ControlMode mode() {
        return ControlMode.parse(controlMode);
    }
}
