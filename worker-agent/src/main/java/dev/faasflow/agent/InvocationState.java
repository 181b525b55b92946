package dev.faasflow.agent;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one agent knows of one invocation, for its own functions only. Touched only on the agent's event loop. */
final class InvocationState {
    final InvocationContext context;
    final Deployment deployment;
    final JoinCounter joins = new JoinCounter();
    final Map<String, Integer> widths = new HashMap<>();
    final List<FunctionRecord> records = new ArrayList<>();

    InvocationState(InvocationContext context, Deployment deployment) {
        this.context = context;
        this.deployment = deployment;
    }
}
