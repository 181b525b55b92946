package dev.faasflow.functions;

/** A run that did not succeed, with the HTTP status the runtime answers and the contract's error text. */
public final class RunFailure extends RuntimeException {
    private final int status;

    public RunFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** 400 bad request, 404 unknown implementation, 500 the function failed, 503 the runtime is saturated. */
    public int status() {
        return status;
    }
}
