package dev.faasflow.functions.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FaasFunction;
import dev.faasflow.functions.FunctionContext;
import dev.faasflow.functions.Json;
import dev.faasflow.functions.ValueNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The generic function of the scientific benchmarks and the fallback for unknown implementations:
 * <ol>
 *   <li>reads every declared input ({@code fetchList} for inputs holding foreach instance values);</li>
 *   <li>sleeps {@code runtimeSeconds × timeScale};</li>
 *   <li>writes every declared output: a pass-through of a global input ({@code from}) copies the stored value
 *       of that key (or, if the store has none, the JSON encoding of that global input from the request);
 *       an output of type {@code keys} is a JSON list of {@code N} strings {@code "<name>-<i>"} where
 *       {@code N} is the global input {@code <name>_count} (default 1), so a foreach after it fans out;
 *       any other output gets its declared size of deterministic filler bytes (size 0 allowed).</li>
 * </ol>
 * Subclasses (the Video and IllegalRecognizer bodies) override {@link #value} for outputs with meaning.
 */
public class ReplayFunction implements FaasFunction {

    @Override
    public void run(FunctionContext ctx) throws Exception {
        readInputs(ctx);
        ctx.sleepScaledRuntime();
        for (RunRequest.Output out : ctx.request().outputs()) {
            ctx.put(out.name(), value(ctx, out));
        }
    }

    /** Reads every declared input (and drops the values: a replay only pays for the transfer). */
    protected void readInputs(FunctionContext ctx) {
        for (RunRequest.Input in : ctx.request().inputs()) {
            if (in.instances() != null) {
                ctx.fetchList(in.name());
            } else {
                ctx.fetch(in.name());
            }
        }
    }

    /** The value written for one output; the returned array must not be modified afterwards. */
    protected byte[] value(FunctionContext ctx, RunRequest.Output out) throws Exception {
        if (out.from() != null) {
            return passThrough(ctx, out.from());
        }
        if ("keys".equals(out.type())) {
            return keyList(out.name(), ctx.inputInt(out.name() + "_count", 1));
        }
        return Filler.of(out.size());
    }

    /** The stored value of global input key {@code key}, else its JSON encoding from the request. */
    protected static byte[] passThrough(FunctionContext ctx, String key) {
        try {
            return ctx.fetchKey(key);
        } catch (ValueNotFoundException e) {
            JsonNode given = ctx.input().get(key);
            if (given == null) {
                throw new ValueNotFoundException(ctx.invocation(), key,
                        "pass-through of global input '" + key + "': the caller did not give it");
            }
            return json(given);
        }
    }

    /** A JSON list of {@code n} strings {@code "<prefix>-<i>"}. */
    public static byte[] keyList(String prefix, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a key list needs at least one element, got " + n);
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < n; i++) {
            list.add(prefix + "-" + i);
        }
        return json(list);
    }

    /** The JSON encoding of a value. */
    public static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
