package dev.faasflow.coordinator;

/**
 * @param timeoutMillis         the invocation ends TimedOut after this long
 * @param generateMissingInputs global inputs the caller did not give are generated at their declared size
 *                              (replayed scientific traces); otherwise a missing one is an error
 * @param timeScale             replayed functions sleep runtime × timeScale
 * @param allowUnknownInputs    input keys the workflow does not declare as global inputs are passed on (functions
 *                              may read them as parameters); otherwise they are refused. The gateway and the
 *                              command line refuse them unless the caller asks; in-process callers pass them on.
 * @param keepIntermediates     when it fails or times out, the outputs of the functions that succeeded are kept (node
 *                              memory moved to the remote tier) until it is deleted, so that it can be retried
 * @param retryOf               the id of a failed invocation (run with keepIntermediates) this one re-runs from where
 *                              it failed: only the functions that did not succeed run, from its kept outputs and
 *                              inputs; null for a new invocation
 * @param requestId             the caller's key for this submission (an idempotency key): a second submission with
 *                              the same key gets the invocation the first started instead of a new one, so a client
 *                              that does not know whether its submission was taken may send it again; null for none
 */
public record InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale,
                            boolean allowUnknownInputs, boolean keepIntermediates, String retryOf, String requestId) {

    public InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale, boolean allowUnknownInputs,
                         boolean keepIntermediates, String retryOf) {
        this(timeoutMillis, generateMissingInputs, timeScale, allowUnknownInputs, keepIntermediates, retryOf, null);
    }

    public InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale, boolean allowUnknownInputs) {
        this(timeoutMillis, generateMissingInputs, timeScale, allowUnknownInputs, false, null);
    }

    public InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale) {
        this(timeoutMillis, generateMissingInputs, timeScale, true);
    }

    public static InvokeOptions defaults() {
        return new InvokeOptions(300_000, false, 1.0);
    }

    public InvokeOptions withTimeoutMillis(long millis) {
        return new InvokeOptions(millis, generateMissingInputs, timeScale, allowUnknownInputs, keepIntermediates, retryOf, requestId);
    }

    public InvokeOptions withGenerateMissingInputs(boolean generate) {
        return new InvokeOptions(timeoutMillis, generate, timeScale, allowUnknownInputs, keepIntermediates, retryOf, requestId);
    }

    public InvokeOptions withTimeScale(double scale) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, scale, allowUnknownInputs, keepIntermediates, retryOf, requestId);
    }

    public InvokeOptions withAllowUnknownInputs(boolean allow) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, timeScale, allow, keepIntermediates, retryOf, requestId);
    }

    public InvokeOptions withKeepIntermediates(boolean keep) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, timeScale, allowUnknownInputs, keep, retryOf, requestId);
    }

    public InvokeOptions withRetryOf(String invocationId) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, timeScale, allowUnknownInputs, keepIntermediates,
                invocationId, requestId);
    }

    public InvokeOptions withRequestId(String key) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, timeScale, allowUnknownInputs, keepIntermediates,
                retryOf, key);
    }
}
