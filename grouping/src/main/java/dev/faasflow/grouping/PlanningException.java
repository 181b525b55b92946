package dev.faasflow.grouping;

/** The workflow cannot be placed on the given nodes (for example it needs more slots than they have). */
public class PlanningException extends Exception {
    public PlanningException(String message) {
        super(message);
    }
}
