package dev.faasflow.workflow;

/** Where a value comes from: {@code function} (or INPUT) and the key ({@code parameter}). */
public record DataRef(String function, String parameter) {
    public static final String INPUT = "INPUT";

    public boolean fromGlobalInput() {
        return INPUT.equals(function);
    }
}
