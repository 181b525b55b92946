package dev.faasflow.grouping;

import dev.faasflow.workflow.DataMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;

/**
 * The grouping result: groups on nodes, per-function placement and storage destination, the critical path.
 *
 * @param criticalPathBeforeSeconds estimated critical-path length with every function on its own
 * @param criticalPathAfterSeconds  estimated length after grouping (same-group edges 15× cheaper)
 * @param stopReason                why merging stopped
 * @param quotaBytes                the workflow's local memory quota
 * @param memoryPlannedBytes        output bytes the plan keeps in node memory (charged against the quota)
 */
public record Plan(
        String workflow,
        DataMode dataMode,
        List<NodeSpec> nodes,
        List<GroupPlan> groups,
        Map<String, FunctionPlan> functions,
        List<String> criticalPath,
        double criticalPathBeforeSeconds,
        double criticalPathAfterSeconds,
        int merges,
        String stopReason,
        long quotaBytes,
        long memoryPlannedBytes) {

    public Plan {
        nodes = List.copyOf(nodes);
        groups = List.copyOf(groups);
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        criticalPath = List.copyOf(criticalPath);
    }

    public FunctionPlan function(String name) {
        FunctionPlan f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("plan of " + workflow + " has no function '" + name + "'");
        }
        return f;
    }

    /** Group sizes, largest first: the shape compared with the artifact's. */
    public List<Integer> groupSizes() {
        return groups.stream().map(g -> g.functions().size()).sorted(Collections.reverseOrder()).toList();
    }

    /** Per node, in the plan's node order: the slots its groups use against its capacity. */
    public List<NodeLoad> nodeLoads() {
        Map<String, Integer> used = new LinkedHashMap<>();
        for (GroupPlan g : groups) {
            used.merge(g.node(), g.slots(), Integer::sum);
        }
        return nodes.stream().map(n -> new NodeLoad(n.name(), n.slots(), n.capacity(), used.getOrDefault(n.name(), 0)))
                .toList();
    }

    /** Slots all functions need together. */
    public int slotsNeeded() {
        return groups.stream().mapToInt(GroupPlan::slots).sum();
    }

    /** Slots the nodes offer together (0.8 × their slots). */
    public double slotsOffered() {
        return nodes.stream().mapToDouble(NodeSpec::capacity).sum();
    }

    /** Needed over offered: above 1 the workflow is larger than the cluster and its functions queue for slots. */
    public double oversubscription() {
        return slotsNeeded() / slotsOffered();
    }

    /** Nodes that run at least one group. */
    public List<String> usedNodes() {
        return groups.stream().map(GroupPlan::node).distinct().sorted().toList();
    }
}
