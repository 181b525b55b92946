package dev.faasflow.agent;

import dev.faasflow.grouping.FunctionPlan;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
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
    /** function → input name → the foreach function whose instances wrote that key (merge inputs). */
    private final Map<String, Map<String, String>> foreachProducers = new HashMap<>();

    public Deployment(Workflow workflow, Plan plan, Map<String, String> agentByNode) {
        this.workflow = workflow;
        this.plan = plan;
        this.agentByNode = Map.copyOf(agentByNode);
        for (FunctionPlan f : plan.functions().values()) {
            if (!agentByNode.containsKey(f.node())) {
                throw new IllegalArgumentException("plan of " + workflow.name() + " places functions on node "
                        + f.node() + " but no agent address is known for it");
            }
        }
        for (FunctionDef f : workflow.functions()) {
            Map<String, String> producers = new HashMap<>();
            for (DataSpec in : f.inputs().values()) {
                String producer = nearestForeachProducer(workflow.indexOf(f.name()), in.key());
                if (producer != null) {
                    producers.put(in.name(), producer);
                }
            }
            foreachProducers.put(f.name(), producers);
        }
    }

    /** The closest ancestor that writes {@code key}, if it is a foreach function. */
    private String nearestForeachProducer(int function, String key) {
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(workflow.predecessorsOf(function));
        while (!todo.isEmpty()) {
            int p = todo.poll();
            if (!seen.add(p)) {
                continue;
            }
            FunctionDef def = workflow.function(p);
            if (def.outputs().containsKey(key)) {
                return workflow.isForeach(def.name()) ? def.name() : null;
            }
            todo.addAll(workflow.predecessorsOf(p));
        }
        return null;
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
