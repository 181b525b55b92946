package dev.faasflow.faastore;

import dev.faasflow.workflow.DataMode;

import java.util.Map;

/**
 * A snapshot of the whole store on this node.
 *
 * @param remote            what the remote tier is ({@link RemoteTier#describe()})
 * @param spills            planned local writes that went to the remote tier instead
 * @param spilledBytes      bytes of those writes
 * @param spillsOverQuota   of the spills, those refused by the workflow quota
 * @param spillsOverCapacity of the spills, those refused by the node capacity
 * @param workflows         local-tier use and quota per workflow
 * @param trackedInvocations invocations with live per-invocation counters
 * @param lateWritesRefused  writes refused because their invocation had already ended (by this node, or by the
 *                           remote tier's tombstone)
 * @param endedInvocations   ended invocations this node remembers, to refuse their late writes
 */
public record StoreStats(DataMode mode, String remote, TierStats local, TierStats remoteTier,
                         long spills, long spilledBytes, long spillsOverQuota, long spillsOverCapacity,
                         long nodeCapacityBytes, long nodeUsedBytes, Map<String, WorkflowUsage> workflows,
                         int trackedInvocations, long lateWritesRefused, int endedInvocations) {
    public StoreStats {
        workflows = Map.copyOf(workflows);
    }
}
