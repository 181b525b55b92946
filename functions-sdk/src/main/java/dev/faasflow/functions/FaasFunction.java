package dev.faasflow.functions;

/**
 * A function of a workflow: one small class. It reads its inputs and writes its outputs through the
 * {@link FunctionContext}; anything it throws fails the invocation with {@code "<function>: <message>"}.
 *
 * <pre>{@code
 * public final class Count implements FaasFunction {
 *     public void run(FunctionContext ctx) throws Exception {
 *         String text = ctx.fetchString("file");
 *         ctx.putJson("wordcount", WordCounts.count(text, ctx.element()));
 *     }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe (one instance serves many concurrent runs; keep state in locals).
 */
@FunctionalInterface
public interface FaasFunction {
    void run(FunctionContext ctx) throws Exception;
}
