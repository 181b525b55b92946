package dev.faasflow.workflow;

/**
 * One thing wrong with a workflow definition, located as precisely as possible.
 *
 * @param file     the file (or resource) it was read from, may be null
 * @param function the function concerned, or null for a top-level problem
 * @param field    the field path inside the function (or the document), may be null
 */
public record Problem(String file, String function, String field, String message) {
    /** Longer messages are cut: a hostile value quoted whole must not make a problem megabytes long. */
    public static final int MAX_MESSAGE = 400;

    public Problem {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "… (" + String.format(java.util.Locale.ROOT, "%,d",
                    message.length()) + " characters)";
        }
        if (message != null && message.indexOf('\n') >= 0) {
            message = message.replace('\n', ' ');
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (function != null) {
            sb.append("function '").append(Limits.shorten(function)).append("'"); // names may be hostile
            if (field != null) {
                sb.append(", ");
            } else {
                sb.append(": ");
            }
        }
        if (field != null) {
            sb.append("field '").append(Limits.shorten(field)).append("': ");
        }
        return sb.append(message).toString();
    }
}
