package dev.faasflow.functions;

/** A run request that does not follow the contract; the message names the offending field. */
public final class BadRequestException extends RuntimeException {
    private final String field;

    public BadRequestException(String field, String message) {
        super("bad request: field '" + field + "' " + message);
        this.field = field;
    }

    /** The JSON path of the offending field, for example {@code inputs[1].key}. */
    public String field() {
        return field;
    }
}
