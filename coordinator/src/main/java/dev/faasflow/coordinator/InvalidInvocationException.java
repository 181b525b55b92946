package dev.faasflow.coordinator;

/** A request that cannot start an invocation: unknown workflow, a missing or mistyped input. */
public class InvalidInvocationException extends Exception {
    private final int httpStatus;

    public InvalidInvocationException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
