package dev.faasflow.faastore;

/** Local-tier bytes a workflow holds on this node, and its quota. */
public record WorkflowUsage(String workflow, long usedBytes, long quotaBytes) {
}
