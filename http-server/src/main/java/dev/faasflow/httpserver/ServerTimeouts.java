package dev.faasflow.httpserver;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How long an HTTP server of the project waits for a slow client.
 *
 * @param idle     a connection with no request in flight (kept alive, or still sending its request's headers) is
 *                 closed after this long. Longer than the clients' keep-alive (60 s in Vert.x), so that a client
 *                 never reuses a connection the server is closing.
 * @param bodyRead a request whose body has not fully arrived this long after its headers gets a 408 and its
 *                 connection is closed. A request that is being answered (a function that runs for minutes) is
 *                 not limited by either.
 */
public record ServerTimeouts(Duration idle, Duration bodyRead) {
    public static final String IDLE_VARIABLE = "FAASFLOW_HTTP_IDLE_TIMEOUT_SECONDS";
    public static final String BODY_READ_VARIABLE = "FAASFLOW_HTTP_BODY_TIMEOUT_SECONDS";
    /** System properties that take precedence over the variables (tests, embedding programs). */
    public static final String IDLE_PROPERTY = "faasflow.http.idleTimeoutSeconds";
    public static final String BODY_READ_PROPERTY = "faasflow.http.bodyTimeoutSeconds";

    public ServerTimeouts {
        positive("idle timeout", idle);
        positive("body-read timeout", bodyRead);
    }

    public static ServerTimeouts defaults() {
        return new ServerTimeouts(Duration.ofSeconds(90), Duration.ofSeconds(60));
    }

    /** The defaults, overridden by the system properties or else the environment variables named above. */
    public static ServerTimeouts fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    static ServerTimeouts fromEnvironment(UnaryOperator<String> env) {
        ServerTimeouts d = defaults();
        return new ServerTimeouts(setting(IDLE_PROPERTY, IDLE_VARIABLE, d.idle(), env),
                setting(BODY_READ_PROPERTY, BODY_READ_VARIABLE, d.bodyRead(), env));
    }

    private static Duration setting(String property, String variable, Duration fallback, UnaryOperator<String> env) {
        String fromProperty = System.getProperty(property);
        String name = fromProperty != null ? property : variable;
        String text = fromProperty != null ? fromProperty : env.apply(variable);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a number of seconds");
        }
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException(name + ": " + text + " is not between 0 (exclusive) and 86400 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
    }

    /** For messages: "1.5 s". */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
