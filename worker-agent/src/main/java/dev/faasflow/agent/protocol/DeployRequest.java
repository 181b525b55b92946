package dev.faasflow.agent.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Installs (or replaces) a workflow on an agent.
 *
 * @param definition the workflow tree (flat_workflow structure)
 * @param images     image per function (may be empty)
 * @param plan       the grouping plan as JSON
 * @param agents     base URL of the agent of every node of the plan
 */
public record DeployRequest(String name, JsonNode definition, Map<String, String> images, int maxContainers,
                            JsonNode plan, Map<String, String> agents) {
}
