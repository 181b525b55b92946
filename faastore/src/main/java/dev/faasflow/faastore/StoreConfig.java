package dev.faasflow.faastore;

import dev.faasflow.workflow.DataMode;

/**
 * Settings of one node's store.
 *
 * @param nodeCapacityBytes  bytes the local tier may hold on this node over all workflows; the values
 *                           live on the agent's heap, so keep it well below the heap size
 * @param quotaOverrideBytes when ≥ 0, the quota of every workflow, replacing the formula of
 *                           {@link dev.faasflow.workflow.MemoryQuota}; {@link #FORMULA_QUOTA} to use the formula
 */
public record StoreConfig(DataMode dataMode, long nodeCapacityBytes, long quotaOverrideBytes) {
    public static final long FORMULA_QUOTA = -1;

    public StoreConfig {
        if (dataMode == null) {
            throw new IllegalArgumentException("data mode must be given");
        }
        if (nodeCapacityBytes < 0) {
            throw new IllegalArgumentException("node capacity must not be negative: " + nodeCapacityBytes);
        }
        if (quotaOverrideBytes < FORMULA_QUOTA) {
            throw new IllegalArgumentException("quota override must be ≥ 0 (or -1 for the formula): " + quotaOverrideBytes);
        }
    }

    /** Optimized mode, capacity half of the maximum heap, quotas by the formula. */
    public static StoreConfig defaults() {
        return new StoreConfig(DataMode.OPTIMIZED, Runtime.getRuntime().maxMemory() / 2, FORMULA_QUOTA);
    }

    public StoreConfig withDataMode(DataMode mode) {
        return new StoreConfig(mode, nodeCapacityBytes, quotaOverrideBytes);
    }

    public StoreConfig withNodeCapacityBytes(long bytes) {
        return new StoreConfig(dataMode, bytes, quotaOverrideBytes);
    }

    public StoreConfig withQuotaOverrideBytes(long bytes) {
        return new StoreConfig(dataMode, nodeCapacityBytes, bytes);
    }

    public boolean hasQuotaOverride() {
        return quotaOverrideBytes >= 0;
    }

    /** Quota of a workflow the store was never told about: the override, else only the node capacity bounds it. */
    long quotaOfUndefinedWorkflow() {
        return hasQuotaOverride() ? quotaOverrideBytes : nodeCapacityBytes;
    }
}
