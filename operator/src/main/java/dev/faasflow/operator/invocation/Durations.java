package dev.faasflow.operator.invocation;

import java.util.Locale;

/** Durations for a person, as {@code kubectl get invocations} shows them. */
public final class Durations {
    private Durations() {
    }

    /** 250ms, 1.234s, 2m3s. */
    public static String human(double ms) {
        if (ms < 1000) {
            return Math.round(ms) + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.3fs", ms / 1000.0);
        }
        long s = Math.round(ms / 1000.0);
        return (s / 60) + "m" + (s % 60) + "s";
    }
}
