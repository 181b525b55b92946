package dev.faasflow.faastore;

/**
 * A write for an invocation that has already ended (succeeded, failed, timed out or was cancelled): refused by
 * every tier, so that a function still running past its invocation's end cannot leave data behind.
 */
public final class InvocationEndedException extends ValueStoreException {
    /** @param where the tier that refused, e.g. "this node" or "the remote store redis://…" */
    public InvocationEndedException(String invocationId, String key, String where) {
        super(invocationId, key, "invocation '" + invocationId + "' has already ended (succeeded, failed, timed out or "
                + "was cancelled): " + where + " refused the put of key '" + key + "'");
    }
}
