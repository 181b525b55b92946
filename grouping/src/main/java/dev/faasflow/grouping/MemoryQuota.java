package dev.faasflow.grouping;

import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.FunctionKind;
import dev.faasflow.workflow.Workflow;

/**
 * The per-workflow local-tier quota of the paper: memory that containers reserve but do not use.
 * Quota = Σ over non-virtual functions of (1 − 0.2 − mem_usage) × 256 MiB × split_ratio.
 */
public final class MemoryQuota {
    public static final long CONTAINER_MEMORY = 256L * 1024 * 1024;
    public static final double RESERVED_FRACTION = 0.2;

    private MemoryQuota() {
    }

    public static long of(Workflow workflow) {
        double total = 0;
        for (FunctionDef f : workflow.functions()) {
            if (f.kind() == FunctionKind.VIRTUAL) {
                continue;
            }
            total += Math.max(0, 1 - RESERVED_FRACTION - f.memUsage()) * CONTAINER_MEMORY * f.splitRatio();
        }
        return (long) total;
    }
}
