package dev.faasflow.operator;

import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.Workflow;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Installs workflows in the engine (coordinator and agents) and removes them. */
public interface EngineDeployer {
    CompletableFuture<Void> deploy(Workflow workflow, Plan plan, Map<String, String> agentUrls, ControlMode mode);

    /** Forgets a workflow: agents drop their part; new invocations of it are refused. */
    void undeploy(String engineName, Map<String, String> agentUrls);
}
