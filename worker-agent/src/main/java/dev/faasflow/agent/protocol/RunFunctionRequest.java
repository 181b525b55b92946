package dev.faasflow.agent.protocol;

import java.util.Map;

/** MasterSP: the central engine asks the owning agent to run exactly one function now. */
public record RunFunctionRequest(InvocationContext invocation, String function, Map<String, Integer> widths) {
}
