package dev.faasflow.operator;

import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.Workflow;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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

    /**
     * When the workflow was last busy (epoch millis): now while an invocation of it is in flight, else when one last
     * started; 0 when none has since the engine started.
     */
    long lastActiveMillis(String engineName);

    /** Calls {@code listener} with the engine workflow name whenever an invocation starts; it must not block. */
    void onInvocationStart(Consumer<String> listener);
}
