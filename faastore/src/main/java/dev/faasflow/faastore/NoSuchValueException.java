package dev.faasflow.faastore;

/** Neither tier this store can reach holds the value. */
public final class NoSuchValueException extends FaaStoreException {
    private final String invocationId;
    private final String key;

    public NoSuchValueException(String invocationId, String key, String whereLooked) {
        super("no value for key '" + key + "' of invocation '" + invocationId + "' (looked in " + whereLooked + ")");
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
