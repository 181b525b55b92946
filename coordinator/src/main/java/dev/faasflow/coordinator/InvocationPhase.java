package dev.faasflow.coordinator;

/** The life of an invocation, as the Invocation resource shows it. */
public enum InvocationPhase {
    PENDING("Pending"), RUNNING("Running"), SUCCEEDED("Succeeded"), FAILED("Failed"), TIMED_OUT("TimedOut");

    private final String label;

    InvocationPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }
}
