package dev.faasflow.functions;

/**
 * Registers functions with a runtime; how a function server finds the functions of the jars on its class path.
 * A jar lists its providers in {@code META-INF/services/dev.faasflow.functions.FunctionProvider} (one class name
 * a line, as {@link java.util.ServiceLoader} reads it), and {@link FunctionRegistry#discover()} calls each one:
 *
 * <pre>{@code
 * public final class HelloFunctions implements FunctionProvider {
 *     public void register(FunctionRegistry functions) {
 *         functions.register("greet", ctx -> ctx.putString("greeting", "Hello, " + ctx.elementText() + "!"));
 *     }
 * }
 * }</pre>
 *
 * <p>A provider needs a public no-argument constructor.
 */
public interface FunctionProvider {
    /** Adds this provider's functions (by source, {@code workflow/source}, image name or {@code workflow/*}). */
    void register(FunctionRegistry functions);
}
