package dev.faasflow.operator;

import dev.faasflow.crds.FunctionSpec;
import dev.faasflow.grouping.GroupPlan;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The function pods of one image on one node: every function of the plan placed on {@code node} whose
 * container image, implementation and resources are these shares {@code pods} pods, each pod serving all of
 * them (a run request names its function, so one runtime process serves many).
 *
 * <p>Sizing: on its node the image runs at most {@code min(Σ max_containers of its functions, slots / smallest
 * scale)} instances at once (each function's warm pool caps its own instances, the agent's slot scheduler caps
 * the node), and a pod takes {@code runsPerPod} of them ({@link OperatorSettings.PoolSizing}, 40 by default):
 * {@code pods = ceil(that / runsPerPod)}, at least one. With the default 120 slots and scale 3 that is one pod per
 * image per node. An idle pool keeps only its first pod ({@link #podsWhen}).
 *
 * @param node           the node the pods are pinned to
 * @param containerImage the container image (the function's {@code containerImage}, else the runtime image)
 * @param implementation the functions' workflow-level image (their implementation), or null
 * @param resources      the functions' container resources, or null
 * @param functions      the functions served, in plan order
 * @param groups         the plan groups those functions belong to
 * @param pods           how many pods while the workflow is busy
 */
public record ImagePool(String node, String containerImage, String implementation, ResourceRequirements resources,
                        List<String> functions, List<String> groups, int pods) {
    public ImagePool {
        functions = List.copyOf(functions);
        groups = List.copyOf(groups);
    }

    /** How many pods the pool has: all of them while its workflow is busy, one (a warm one) while it is idle. */
    public int podsWhen(boolean idle) {
        return idle ? 1 : pods;
    }

    /** The name the status shows for the pool's image: the implementation, else the container image. */
    public String image() {
        return implementation != null ? implementation : containerImage;
    }

    /**
     * The pools of a plan, in the order of their first function in the plan's groups. Virtual and END
     * functions belong to none (their agent evaluates them).
     */
    public static List<ImagePool> of(Workflow workflow, Plan plan, Map<String, FunctionSpec> specs, String runtimeImage,
                                     int slotsPerNode, int runsPerPod) {
        Map<Key, Builder> pools = new LinkedHashMap<>();
        for (GroupPlan group : plan.groups()) {
            for (String fn : group.functions()) {
                FunctionDef def = workflow.function(fn);
                if (!GroupPods.needsContainer(def)) {
                    continue;
                }
                FunctionSpec spec = specs.get(fn);
                String container = spec != null && spec.getContainerImage() != null ? spec.getContainerImage() : runtimeImage;
                Key key = new Key(group.node(), container, def.image(), spec == null ? null : spec.getResources());
                Builder b = pools.computeIfAbsent(key, k -> new Builder());
                b.functions.add(fn);
                b.groups.add(group.id());
                b.instances += Math.max(1, workflow.maxContainers());
                b.smallestScale = Math.min(b.smallestScale, Math.max(1, def.scale()));
            }
        }
        List<ImagePool> out = new ArrayList<>();
        pools.forEach((k, b) -> {
            long atOnce = Math.min(b.instances, Math.max(1, slotsPerNode / b.smallestScale));
            int pods = (int) Math.max(1, (atOnce + runsPerPod - 1) / runsPerPod);
            out.add(new ImagePool(k.node, k.container, k.implementation, k.resources, b.functions,
                    new ArrayList<>(b.groups), pods));
        });
        return out;
    }

    private record Key(String node, String container, String implementation, ResourceRequirements resources) {
    }

    private static final class Builder {
        final List<String> functions = new ArrayList<>();
        final LinkedHashSet<String> groups = new LinkedHashSet<>();
        long instances;
        int smallestScale = Integer.MAX_VALUE;
    }
}
