package dev.faasflow.workflow;

/**
 * The per-workflow quota of FaaStore's local tier, as the paper sizes it: the memory that the workflow's
 * containers reserve but do not use.
 *
 * <pre>Quota = Σ over non-virtual functions of (1 − 0.2 − mem_usage) × 256 MiB × split_ratio</pre>
 *
 * The 0.2 is headroom left to each container; virtual (control) nodes run no container. A function that
 * uses more than it reserves contributes nothing rather than eating the others' share.
 */
public final class MemoryQuota {
    public static final long CONTAINER_MEMORY_BYTES = 256L * 1024 * 1024;
    public static final double CONTAINER_HEADROOM = 0.2;

    private MemoryQuota() {
    }

    public static long of(Workflow workflow) {
        double total = 0;
        for (FunctionDef f : workflow.functions()) {
            if (!f.isVirtual()) {
                total += Math.max(0, 1 - CONTAINER_HEADROOM - f.memUsage()) * CONTAINER_MEMORY_BYTES * f.splitRatio();
            }
        }
        return (long) total;
    }
}
