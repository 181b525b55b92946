package dev.faasflow.faastore;

/** Base of every store error; the message names the invocation, key, tier or address involved. */
public class FaaStoreException extends RuntimeException {
    public FaaStoreException(String message) {
        super(message);
    }

    public FaaStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
