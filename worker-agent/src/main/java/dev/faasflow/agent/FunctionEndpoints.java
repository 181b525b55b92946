package dev.faasflow.agent;

/** Where the runtime serving a function on this node listens (a loopback server, or a pod's container). */
@FunctionalInterface
public interface FunctionEndpoints {
    /** Base URL such as {@code http://127.0.0.1:41000}; the agent posts to {@code <base>/v1/run}. */
    String baseUrl(String workflow, String function);
}
