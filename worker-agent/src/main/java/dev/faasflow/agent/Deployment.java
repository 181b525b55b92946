package dev.faasflow.agent;

import dev.faasflow.grouping.FunctionPlan;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.RemainingPath;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workflow as one agent holds it: the definition, the plan, which agent owns each function, and facts
 * derived once at deploy time so the hot path only looks things up.
 */
public final class Deployment {
    private final Workflow workflow;
    private final Plan plan;
    private final Map<String, String> agentByNode;
    /** The plan version it was installed as (the operator's plan id), or null when unversioned. */
    private final String version;
    /** function → input name → the foreach function whose instances wrote that key (merge inputs). */
    private final Map<String, Map<String, String>> foreachProducers = new HashMap<>();
    /** function → its remaining critical path in seconds (the slot scheduler's precedence). */
    private final Map<String, Double> remainingSeconds;

    public Deployment(Workflow workflow, Plan plan, Map<String, String> agentByNode) {
        this(workflow, plan, agentByNode, null);
    }

    /** @param version the plan version (invocations started under it name it), or null for an unversioned install */
    public Deployment(Workflow workflow, Plan plan, Map<String, String> agentByNode, String version) {
        this.workflow = workflow;
        this.version = version;
        this.plan = plan;
        this.agentByNode = Map.copyOf(agentByNode);
        for (FunctionPlan f : plan.functions().values()) {
            if (!agentByNode.containsKey(f.node())) {
                throw new IllegalArgumentException("plan of " + workflow.name() + " places functions on node "
                        + f.node() + " but no agent address is known for it");
            }
        }
        for (FunctionDef f : workflow.functions()) {
            foreachProducers.put(f.name(), RunRequests.foreachProducers(workflow, f));
        }
        this.remainingSeconds = RemainingPath.seconds(workflow, plan);
    }

    public Workflow workflow() {
        return workflow;
    }

    public Plan plan() {
        return plan;
    }

    public String name() {
        return workflow.name();
    }

    /** The plan version, or null when installed without one. */
    public String version() {
        return version;
    }

    public Map<String, String> agents() {
        return agentByNode;
    }

    public String nodeOf(String function) {
        return plan.function(function).node();
    }

    public String agentOf(String function) {
        return agentByNode.get(nodeOf(function));
    }

    public FunctionPlan planOf(String function) {
        return plan.function(function);
    }

    /** Seconds from the function's start to the workflow's end along its longest path, as the plan weighs it. */
    public double remainingSeconds(String function) {
        return remainingSeconds.getOrDefault(function, 0.0);
    }

    public Map<String, String> foreachProducers(String function) {
        return foreachProducers.getOrDefault(function, Collections.emptyMap());
    }

    /** Keys that stay after an invocation: every sink's outputs and the declared global outputs. */
    public Set<String> resultKeys() {
        Set<String> keys = new HashSet<>();
        for (String sink : workflow.sinkFunctions()) {
            keys.addAll(workflow.function(sink).outputs().keySet());
        }
        workflow.globalOutputs().values().forEach(o -> keys.add(o.key()));
        return keys;
    }

    public List<String> nodesUsed() {
        return plan.usedNodes();
    }
}
