package dev.faasflow.coordinator;

/**
 * @param timeoutMillis         the invocation ends TimedOut after this long
 * @param generateMissingInputs global inputs the caller did not give are generated at their declared size
 *                              (replayed scientific traces); otherwise a missing one is an error
 * @param timeScale             replayed functions sleep runtime × timeScale
 */
public record InvokeOptions(long timeoutMillis, boolean generateMissingInputs, double timeScale) {
    public static InvokeOptions defaults() {
        return new InvokeOptions(300_000, false, 1.0);
    }

    public InvokeOptions withTimeoutMillis(long millis) {
        return new InvokeOptions(millis, generateMissingInputs, timeScale);
    }

    public InvokeOptions withGenerateMissingInputs(boolean generate) {
        return new InvokeOptions(timeoutMillis, generate, timeScale);
    }

    public InvokeOptions withTimeScale(double scale) {
        return new InvokeOptions(timeoutMillis, generateMissingInputs, scale);
    }
}
