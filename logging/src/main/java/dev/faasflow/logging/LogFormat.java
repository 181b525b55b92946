package dev.faasflow.logging;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/**
 * {@code FAASFLOW_LOG_FORMAT} for logback.xml: {@code json} or {@code text} (the default). Any other value logs
 * as text (with a warning in Logback's status), so a typo never silences the logs.
 */
public final class LogFormat extends PropertyDefinerBase {
    public static final String ENV = "FAASFLOW_LOG_FORMAT";

    @Override
    public String getPropertyValue() {
        return of(System.getenv(ENV));
    }

    String of(String given) {
        String format = given == null || given.isBlank() ? "text" : given.trim().toLowerCase(Locale.ROOT);
        if (format.equals("text") || format.equals("json")) {
            return format;
        }
        addWarn(ENV + "='" + given + "' is neither text nor json; logging as text");
        return "text";
    }
}
