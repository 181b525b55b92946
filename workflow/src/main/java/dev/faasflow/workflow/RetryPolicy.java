package dev.faasflow.workflow;

/**
 * How often a function is run again after it failed (an error, a timeout, an unreachable function
 * endpoint), and how long its node waits between attempts: {@code backoffSeconds} before the second attempt,
 * doubling each time up to {@code maxBackoffSeconds}.
 *
 * @param limit retries after the first attempt (0: none), so a function runs at most {@code limit + 1} times
 */
public record RetryPolicy(int limit, double backoffSeconds, double maxBackoffSeconds) {
    /** No retry: one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(0, 0, 0);
    public static final double DEFAULT_BACKOFF_SECONDS = 1;
    public static final double DEFAULT_MAX_BACKOFF_SECONDS = 60;

    public RetryPolicy {
        if (limit < 0 || limit > Limits.MAX_RETRY_LIMIT) {
            throw new IllegalArgumentException("retry limit must be from 0 to " + Limits.MAX_RETRY_LIMIT + ", got " + limit);
        }
        if (!(backoffSeconds >= 0) || !(maxBackoffSeconds >= backoffSeconds)) {
            throw new IllegalArgumentException("need 0 <= backoffSeconds <= maxBackoffSeconds, got " + backoffSeconds
                    + ", " + maxBackoffSeconds);
        }
    }

    /** Attempts at most, the first included. */
    public int maxAttempts() {
        return limit + 1;
    }

    /** The pause before attempt {@code attempt} (2 for the first retry), in milliseconds. */
    public long backoffMillisBefore(int attempt) {
        if (attempt <= 1) {
            return 0;
        }
        double seconds = backoffSeconds * Math.pow(2, Math.min(attempt - 2, 30));
        return Math.round(Math.min(seconds, maxBackoffSeconds) * 1000);
    }
}
