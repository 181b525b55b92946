package dev.faasflow.faastore;

/**
 * A write for an invocation that has already ended (succeeded, failed, timed out or was cancelled): refused by
 * every tier, so that a function still running past its invocation's end cannot leave data behind.
 */
public final class InvocationEndedException extends FaaStoreException {
    private final String invocationId;
    private final String key;

    /** @param where the tier that refused, e.g. "this node" or "the remote store redis://…" */
    public InvocationEndedException(String invocationId, String key, String where) {
        super("invocation '" + invocationId + "' has already ended (succeeded, failed, timed out or was cancelled): "
                + where + " refused the put of key '" + key + "'");
        this.invocationId = invocationId;
        this.key = key;
    }

    public String invocationId() {
        return invocationId;
    }

    public String key() {
        return key;
    }
}
