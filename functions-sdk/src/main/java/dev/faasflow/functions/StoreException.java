package dev.faasflow.functions;

/** A store operation failed (unreachable store, unexpected status, timeout). */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
