package dev.faasflow.operator;

import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.Workflow;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Installs workflows in the engine (coordinator and agents) and removes them. */
public interface EngineDeployer {
    /**
     * Installs a plan version on the agents, then makes it the one new invocations use. Completes when every agent
     * named has it (or fails); never blocks the caller.
     *
     * @param onlyNodes push to these nodes only (agents that restarted), or null for every node of the plan
     */
    CompletableFuture<Void> deploy(Workflow workflow, Plan plan, Map<String, String> agentUrls, ControlMode mode,
                                   String planVersion, Set<String> onlyNodes);

    /** Forgets a workflow: agents drop their part; new invocations of it are refused. */
    void undeploy(String engineName, Map<String, String> agentUrls);

    /**
     * The latest deadline (epoch millis) of the workflow's invocations in flight under another plan version than
     * {@code planVersion}; 0 when none is. Pods of a superseded plan are kept until then.
     */
    long inFlightUntil(String engineName, String planVersion);
}
