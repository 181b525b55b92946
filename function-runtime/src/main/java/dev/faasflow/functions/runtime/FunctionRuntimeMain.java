package dev.faasflow.functions.runtime;

import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.FunctionServerMain;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.functions.replay.ReplayFunction;

/**
 * The entry point of the function runtime's image ({@code faasflow-functions}): the SDK's function server with the
 * benchmark functions, and any other {@code FunctionProvider} of the class path, found by the SDK's discovery; an
 * implementation name nothing registers is replayed (the generic function of the scientific benchmarks) unless
 * {@code --strict}. Options and environment variables are {@link FunctionServerMain}'s.
 */
public final class FunctionRuntimeMain {
    private FunctionRuntimeMain() {
    }

    public static void main(String[] args) {
        FunctionServerMain.main(args, FunctionRuntimeMain::registry);
    }

    /** What the runtime serves: the class path's providers (the benchmark functions among them) and replay. */
    static FunctionRegistry registry() {
        return FunctionRegistry.discover().fallback(BenchmarkFunctions.REPLAY, new ReplayFunction());
    }
}
