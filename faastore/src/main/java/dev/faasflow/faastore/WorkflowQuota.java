package dev.faasflow.faastore;

import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;

/**
 * The default per-workflow memory quota of the local tier: the memory that the workflow's containers
 * reserve but do not use.
 *
 * <pre>Quota = Σ over non-virtual functions of (1 − 0.2 − mem_usage) × 256 MiB × split_ratio</pre>
 *
 * The 0.2 is headroom left to each container; virtual (control) nodes run no container.
 */
public final class WorkflowQuota {
    public static final long CONTAINER_MEMORY_BYTES = 256L * 1024 * 1024;
    public static final double CONTAINER_HEADROOM = 0.2;

    private WorkflowQuota() {
    }

    public static long of(Workflow workflow) {
        double total = 0;
        for (FunctionDef f : workflow.functions()) {
            if (!f.isVirtual()) {
                total += perFunction(f.memUsage(), f.splitRatio());
            }
        }
        // A workflow whose functions claim more than they reserve gets no local tier, not a negative one.
        return Math.max(0L, (long) total);
    }

    static double perFunction(double memUsage, double splitRatio) {
        return (1 - CONTAINER_HEADROOM - memUsage) * CONTAINER_MEMORY_BYTES * splitRatio;
    }
}
