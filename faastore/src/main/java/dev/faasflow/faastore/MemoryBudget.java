package dev.faasflow.faastore;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure accounting of the local tier: bytes held per workflow against its quota, and per node against
 * the node capacity. One lock guards both counters so that they always agree; the critical sections
 * are a few arithmetic operations, so the lock is never held long.
 */
public final class MemoryBudget {
    private final long nodeCapacityBytes;
    private final long defaultQuotaBytes;
    private final Map<String, Long> quotaByWorkflow = new HashMap<>();
    private final Map<String, Long> usedByWorkflow = new HashMap<>();
    private long nodeUsedBytes;

    /**
     * @param defaultQuotaBytes quota of a workflow never given one with {@link #setQuota}
     */
    public MemoryBudget(long nodeCapacityBytes, long defaultQuotaBytes) {
        if (nodeCapacityBytes < 0 || defaultQuotaBytes < 0) {
            throw new IllegalArgumentException("capacity and quota must not be negative");
        }
        this.nodeCapacityBytes = nodeCapacityBytes;
        this.defaultQuotaBytes = defaultQuotaBytes;
    }

    public synchronized void setQuota(String workflow, long quotaBytes) {
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("quota of workflow " + workflow + " must not be negative");
        }
        quotaByWorkflow.put(workflow, quotaBytes);
    }

    public synchronized long quota(String workflow) {
        return quotaByWorkflow.getOrDefault(workflow, defaultQuotaBytes);
    }

    /**
     * Charges {@code newBytes} to the workflow, crediting {@code replacedBytes} of a value it replaces,
     * if both the workflow quota and the node capacity allow it; otherwise changes nothing.
     */
    public synchronized LocalAdmission tryAdmit(String workflow, long newBytes, long replacedBytes) {
        long delta = newBytes - replacedBytes;
        long workflowAfter = usedByWorkflow.getOrDefault(workflow, 0L) + delta;
        if (delta > 0 && workflowAfter > quota(workflow)) {
            return LocalAdmission.OVER_WORKFLOW_QUOTA;
        }
        if (delta > 0 && nodeUsedBytes + delta > nodeCapacityBytes) {
            return LocalAdmission.OVER_NODE_CAPACITY;
        }
        setUsed(workflow, workflowAfter);
        nodeUsedBytes += delta;
        return LocalAdmission.ADMITTED;
    }

    public synchronized void release(String workflow, long bytes) {
        long used = usedByWorkflow.getOrDefault(workflow, 0L);
        if (bytes > used || bytes > nodeUsedBytes) {
            // A release without a matching admission is a bug in the caller, never a user error.
            throw new IllegalStateException("releasing " + bytes + " B of workflow " + workflow
                    + " which holds only " + used + " B (node holds " + nodeUsedBytes + " B)");
        }
        setUsed(workflow, used - bytes);
        nodeUsedBytes -= bytes;
    }

    private void setUsed(String workflow, long bytes) {
        if (bytes == 0) {
            usedByWorkflow.remove(workflow);
        } else {
            usedByWorkflow.put(workflow, bytes);
        }
    }

    public long nodeCapacityBytes() {
        return nodeCapacityBytes;
    }

    public synchronized long nodeUsedBytes() {
        return nodeUsedBytes;
    }

    public synchronized long usedBytes(String workflow) {
        return usedByWorkflow.getOrDefault(workflow, 0L);
    }

    /** Every workflow that holds bytes or has a quota set, sorted by name. */
    public synchronized Map<String, WorkflowUsage> usageByWorkflow() {
        Map<String, WorkflowUsage> out = new TreeMap<>();
        for (String wf : quotaByWorkflow.keySet()) {
            out.put(wf, new WorkflowUsage(wf, usedBytes(wf), quota(wf)));
        }
        for (String wf : usedByWorkflow.keySet()) {
            out.put(wf, new WorkflowUsage(wf, usedBytes(wf), quota(wf)));
        }
        return out;
    }
}
