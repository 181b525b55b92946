package dev.faasflow.operator;

/**
 * A ready agent: the node it runs on and how to reach it.
 *
 * @param url     its stable address (the node's IP and the agent's host port), which a restart does not change
 * @param started when the agent process started: a restarted agent has lost its deployments and gets them again
 */
public record AgentNode(String node, String url, String started, String pod) {
}
