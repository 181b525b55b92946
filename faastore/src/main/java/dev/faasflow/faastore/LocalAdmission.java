package dev.faasflow.faastore;

/**
 * The local tier's answer to a write. Over quota or capacity, the value spills to the remote tier; for an
 * invocation that has ended, the write is refused in every tier.
 */
public enum LocalAdmission {
    ADMITTED,
    OVER_WORKFLOW_QUOTA,
    OVER_NODE_CAPACITY,
    INVOCATION_ENDED;

    public boolean admitted() {
        return this == ADMITTED;
    }
}
