package dev.faasflow.coordinator;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The message of what really went wrong, below the wrappers futures add. */
public final class Causes {
    private Causes() {
    }

    public static String message(Throwable err) {
        Throwable t = err;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
