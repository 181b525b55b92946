package dev.faasflow.agent.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Installs a workflow on an agent under a plan version. A new version becomes the one new invocations use; the
 * versions it supersedes stay while invocations started under them may still run (see the agent's
 * {@code DeploymentRegistry}). The same version again replaces it in place (an agent's address changed).
 *
 * @param definition           the workflow tree (flat_workflow structure)
 * @param images               image per function (may be empty)
 * @param plan                 the grouping plan as JSON
 * @param agents               base URL of the agent of every node of the plan
 * @param planVersion          the plan version (invocations carry it in their context); null: unversioned, replaces
 *                             whatever is installed
 * @param retainPreviousUntil  epoch millis until which superseded versions are kept even when no invocation of them
 *                             runs on this agent yet (the latest deadline of the coordinator's invocations under
 *                             them); 0: none is in flight
 */
public record DeployRequest(String name, JsonNode definition, Map<String, String> images, int maxContainers,
                            JsonNode plan, Map<String, String> agents, String planVersion, long retainPreviousUntil) {
    public DeployRequest(String name, JsonNode definition, Map<String, String> images, int maxContainers,
                         JsonNode plan, Map<String, String> agents) {
        this(name, definition, images, maxContainers, plan, agents, null, 0);
    }
}
