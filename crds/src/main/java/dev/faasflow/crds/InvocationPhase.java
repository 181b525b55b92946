package dev.faasflow.crds;

/** The phases of an Invocation. */
public enum InvocationPhase {
    Pending, Running, Succeeded, Failed, TimedOut;

    public boolean isFinal() {
        return this == Succeeded || this == Failed || this == TimedOut;
    }
}
