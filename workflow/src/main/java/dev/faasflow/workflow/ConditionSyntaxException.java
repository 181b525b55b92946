package dev.faasflow.workflow;

/** A switch condition that does not parse. */
public class ConditionSyntaxException extends Exception {
    public ConditionSyntaxException(String message) {
        super(message);
    }
}
