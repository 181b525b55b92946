package dev.faasflow.operator;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which status writes may be skipped. The resource a reconcile gets comes from the informer's cache, which may not
 * show this operator's last write yet: a new status equal to the cached one can still differ from what the API server
 * holds. Skipping that write once left a Workflow "Deploying" for good (a Ready Workflow is not reconciled again, and
 * status updates trigger no reconcile). So a write is skipped only when the new status equals both the cached one and
 * the last one written.
 */
final class StatusWrites {
    private final Map<ResourceID, String> written = new ConcurrentHashMap<>();

    /** Whether {@code status} (JSON; null: cannot tell, write) must be written over {@code cached}. */
    boolean needed(ResourceID id, String status, String cached) {
        return status == null || !status.equals(cached) || !status.equals(written.getOrDefault(id, status));
    }

    void wrote(ResourceID id, String status) {
        if (status != null) {
            written.put(id, status);
        }
    }

    void forget(ResourceID id) {
        written.remove(id);
    }
}
