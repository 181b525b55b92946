package dev.faasflow.faastore;

/** Neither tier this store can reach holds the value. */
public final class NoSuchValueException extends ValueStoreException {
    public NoSuchValueException(String invocationId, String key, String whereLooked) {
        super(invocationId, key, "no value for key '" + key + "' of invocation '" + invocationId + "' (looked in "
                + whereLooked + ")");
    }
}
