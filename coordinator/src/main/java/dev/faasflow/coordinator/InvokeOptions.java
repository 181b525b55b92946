package dev.faasflow.coordinator;

/**
 * @param timeoutMillis         the invocation ends TimedOut after this long
 * @param generateMissingInputs global inputs the caller did not give are generated at their declared size
 *                              (replayed scientific traces); otherwise a missing one is an error
 * @param timeScale             replayed functions sleep runtime × timeScale
 * @param allowUnknownInputs    input keys the workflow does not declare as global inputs are passed on (functions
 *                              may read them as parameters); otherwise they are refused. The gateway and the
 *                              command line refuse them unless the caller asks; in-process callers pass them on.
 */
public record InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale,
                            boolean allowUnknownInputs) {

    public InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale) {
        this(timeoutMillis, generateMissingInputs, timeScale, true);
    }

    public static InvokeOptions defaults() {
        return new InvokeOptions(300_000, false, 1.0);
    }

    public InvokeOptions withTimeoutMillis(long millis) {
        return new InvokeOptions(millis, generateMissingInputs, timeScale, allowUnknownInputs);
    }

    public InvokeOptions withGenerateMissingInputs(boolean generate) {
        return new InvokeOptions(timeoutMillis, generate, timeScale, allowUnknownInputs);
    }

    public InvokeOptions withTimeScale(double scale) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, scale, allowUnknownInputs);
    }

    public InvokeOptions withAllowUnknownInputs(boolean allow) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, timeScale, allow);
    }
}
