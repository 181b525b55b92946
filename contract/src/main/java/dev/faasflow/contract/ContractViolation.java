package dev.faasflow.contract;

/** A message that does not follow the function contract; the message names the offending field. */
public final class ContractViolation extends RuntimeException {
    private final String field;

    public ContractViolation(String field, String message) {
        super("bad request: field '" + field + "' " + message);
        this.field = field;
    }

    /** The JSON path of the offending field, for example {@code inputs[1].key}; {@code $} for the whole body. */
    public String field() {
        return field;
    }
}
