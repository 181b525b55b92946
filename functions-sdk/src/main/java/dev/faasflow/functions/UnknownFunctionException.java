package dev.faasflow.functions;

/** A strict runtime has no implementation for a run request's image, workflow/source or source. */
public final class UnknownFunctionException extends RuntimeException {
    public UnknownFunctionException(String message) {
        super(message);
    }
}
