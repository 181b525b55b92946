package dev.faasflow.faastore;

/** A store error about one value: which invocation's, under which key. */
public abstract class ValueStoreException extends FaaStoreException {
    private final String invocationId;
    private final String key;

    protected ValueStoreException(String invocationId, String key, String message) {
        super(message);
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
