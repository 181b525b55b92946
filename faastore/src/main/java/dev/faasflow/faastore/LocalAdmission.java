package dev.faasflow.faastore;

/** The local tier's answer to a write. Anything but ADMITTED makes the value spill to the remote tier. */
public enum LocalAdmission {
    ADMITTED,
    OVER_WORKFLOW_QUOTA,
    OVER_NODE_CAPACITY;

    public boolean admitted() {
        return this == ADMITTED;
    }
}
