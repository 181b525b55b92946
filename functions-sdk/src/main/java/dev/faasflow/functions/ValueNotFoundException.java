package dev.faasflow.functions;

/** The store holds no value for a key of an invocation. */
public class ValueNotFoundException extends StoreException {
    private final String invocation;
    private final String key;

    public ValueNotFoundException(String invocation, String key) {
        this(invocation, key, null);
    }

    /** @param detail extra context (for example the store's own message), or null */
    public ValueNotFoundException(String invocation, String key, String detail) {
        super("no value for key '" + key + "' in invocation '" + invocation + "'"
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        this.invocation = invocation;
        this.key = key;
    }

    public String invocation() {
        return invocation;
    }

    public String key() {
        return key;
    }
}
