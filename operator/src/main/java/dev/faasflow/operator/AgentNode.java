package dev.faasflow.operator;

/**
 * A ready agent: the node it runs on and how to reach it.
 *
 * @param started when the agent process started (a restarted agent has lost its deployments)
 */
public record AgentNode(String node, String url, String started, String pod) {
    /** What a plan depends on: a change re-plans and re-deploys. */
    String fingerprint() {
        return node + "=" + url + "@" + started;
    }
}
