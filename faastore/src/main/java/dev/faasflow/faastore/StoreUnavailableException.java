package dev.faasflow.faastore;

/** The remote tier did not answer in time or refused the connection. */
public final class StoreUnavailableException extends FaaStoreException {
    private final String address;

    public StoreUnavailableException(String address, String message, Throwable cause) {
        super(message, cause);
        this.address = address;
    }

    /** The remote store's address as configured, e.g. {@code redis://10.0.0.5:6379}. */
    public String address() {
        return address;
    }
}
