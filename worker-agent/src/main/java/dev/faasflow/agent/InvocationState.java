package dev.faasflow.agent;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one agent knows of one invocation, for its own functions only. Touched only on the agent's event loop. */
final class InvocationState {
    final InvocationContext context;
    final Deployment deployment;
    final JoinCounter joins = new JoinCounter();
    final Map<String, Integer> widths = new HashMap<>();
    final List<FunctionRecord> records = new ArrayList<>();
    /** Functions of this node that succeeded (or, in a retry, were done already). */
    final Set<String> succeeded = new LinkedHashSet<>();

    InvocationState(InvocationContext context, Deployment deployment) {
        this.context = context;
        this.deployment = deployment;
    }

    /** In a retry of a failed invocation: this function succeeded there and is not run again. */
    boolean doneAlready(String function) {
        return context.resume() != null && context.resume().isDone(function)
                && !deployment.workflow().function(function).isVirtual();
    }
}
