package dev.faasflow.functions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.contract.RunRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What one run of a function sees: who it is (invocation, function, foreach instance), its global input,
 * and its declared inputs and outputs in the invocation's store.
 *
 * <p>Inputs are addressed by their <em>declared name</em> (the context resolves the key). Outputs are
 * written under their name, or {@code name#i} for foreach instance {@code i}, with the request's
 * destination. Every fetch and put is timed and counted for the run response.
 *
 * <p>Byte arrays returned by fetch are read-only (they may be shared with the store and other readers);
 * arrays given to put must not be modified afterwards. A context may be used from several threads.
 */
public final class FunctionContext {
    private final RunRequest request;
    private final StoreClient store;
    private final long startNanos = System.nanoTime();
    private final AtomicLong dataNanos = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    /** A context for one run; the clock for {@link #padToScaledRuntime()} starts now. */
    public FunctionContext(RunRequest request, StoreClient store) {
        this.request = Objects.requireNonNull(request, "request");
        this.store = Objects.requireNonNull(store, "store");
    }

    // ------------------------------------------------------------------ identity

    public RunRequest request() {
        return request;
    }

    public String invocation() {
        return request.invocation();
    }

    public String workflow() {
        return request.workflow();
    }

    public String function() {
        return request.function();
    }

    /** This run's foreach instance index; 0 when the function is not a foreach instance. */
    public int instance() {
        return request.instance() == null ? 0 : request.instance();
    }

    /** The foreach width; 1 when the function is not a foreach instance. */
    public int instances() {
        return request.instances() == null ? 1 : request.instances();
    }

    public boolean isForeachInstance() {
        return request.isForeachInstance();
    }

    /** Element {@link #instance()} of the foreach key list, or null when not a foreach instance. */
    public JsonNode element() {
        return request.element();
    }

    /** The element as text (a string element's value, other JSON as JSON text), or null. */
    public String elementText() {
        JsonNode e = request.element();
        return e == null ? null : e.isTextual() ? e.asText() : e.toString();
    }

    public String destination() {
        return request.destination();
    }

    public double runtimeSeconds() {
        return request.runtimeSeconds();
    }

    public double timeScale() {
        return request.timeScale();
    }

    // ------------------------------------------------------------------ global input

    /** The invocation's global inputs (read-only). */
    public ObjectNode input() {
        return request.input();
    }

    /** One global input as JSON, or null when the caller did not give it. */
    public JsonNode input(String name) {
        JsonNode v = request.input().get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A global input as text (strings as they are, other JSON as JSON text), or {@code fallback}. */
    public String inputText(String name, String fallback) {
        JsonNode v = input(name);
        return v == null ? fallback : v.isTextual() ? v.asText() : v.toString();
    }

    /** A global input as a long (numbers, or strings holding a number), or {@code fallback}. */
    public long inputLong(String name, long fallback) {
        JsonNode v = input(name);
        if (v == null) {
            return fallback;
        }
        if (v.isNumber()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("global input '" + name + "' must be an integer, got " + v);
            }
        }
        throw new IllegalArgumentException("global input '" + name + "' must be an integer, got " + v);
    }

    public int inputInt(String name, int fallback) {
        long v = inputLong(name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("global input '" + name + "' is out of range: " + v);
        }
        return (int) v;
    }

    // ------------------------------------------------------------------ fetch

    /**
     * The value of the declared input {@code name}.
     *
     * @throws IllegalArgumentException when no such input is declared
     * @throws IllegalStateException    when the input holds foreach instance values (use {@link #fetchList})
     * @throws ValueNotFoundException   when the store has no value for its key
     */
    public byte[] fetch(String name) {
        RunRequest.Input in = declaredInput(name);
        if (in.instances() != null) {
            throw new IllegalStateException("input '" + name + "' holds " + in.instances()
                    + " foreach instance values; use fetchList");
        }
        return fetchKey(in.key());
    }

    /**
     * The values of the declared input {@code name}: for an input produced by a foreach function of width N
     * (the request's {@code instances}), the N values stored under {@code key#0 … key#(N-1)} in order; for
     * any other input a one-element list.
     */
    public List<byte[]> fetchList(String name) {
        RunRequest.Input in = declaredInput(name);
        if (in.instances() == null) {
            return List.of(fetchKey(in.key()));
        }
        List<byte[]> values = new ArrayList<>(in.instances());
        for (int i = 0; i < in.instances(); i++) {
            values.add(fetchKey(in.key() + "#" + i));
        }
        return values;
    }

    /** The input as UTF-8 text. */
    public String fetchString(String name) {
        return new String(fetch(name), StandardCharsets.UTF_8);
    }

    /** The input as a JSON tree. */
    public JsonNode fetchJson(String name) {
        return readJson(name, fetch(name));
    }

    public <T> T fetchJson(String name, Class<T> type) {
        byte[] bytes = fetch(name);
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("input '" + name + "' is not JSON of type " + type.getSimpleName()
                    + ": " + jsonMessage(e), e);
        }
    }

    public <T> T fetchJson(String name, TypeReference<T> type) {
        byte[] bytes = fetch(name);
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("input '" + name + "' is not JSON of the expected type: "
                    + jsonMessage(e), e);
        }
    }

    /** {@link #fetchList} with every value read as JSON of {@code type}. */
    public <T> List<T> fetchJsonList(String name, TypeReference<T> type) {
        List<byte[]> raw = fetchList(name);
        List<T> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            try {
                out.add(Json.MAPPER.readValue(raw.get(i), type));
            } catch (IOException e) {
                throw new IllegalArgumentException("input '" + name + "' value " + i
                        + " is not JSON of the expected type: " + jsonMessage(e), e);
            }
        }
        return out;
    }

    /** The value stored under a raw key (no declared input needed), for pass-through copies and the like. */
    public byte[] fetchKey(String key) {
        long t0 = System.nanoTime();
        byte[] value;
        try {
            value = store.get(request.invocation(), key);
        } finally {
            dataNanos.addAndGet(System.nanoTime() - t0);
        }
        if (value == null) {
            throw new ValueNotFoundException(request.invocation(), key);
        }
        gets.incrementAndGet();
        bytesRead.addAndGet(value.length);
        return value;
    }

    // ------------------------------------------------------------------ put

    /**
     * Stores {@code value} as the declared output {@code name} (key {@code name}, or {@code name#i} for foreach
     * instance i). The array must not be modified afterwards.
     *
     * @throws IllegalArgumentException when no such output is declared
     */
    public void put(String name, byte[] value) {
        Objects.requireNonNull(value, () -> "value of output '" + name + "'");
        RunRequest.Output out = declaredOutput(name);
        if ("keys".equals(out.type())) {
            checkKeyList(name, value);
        }
        String key = outputKey(name);
        long t0 = System.nanoTime();
        try {
            store.put(request.invocation(), key, value, request.destination());
        } finally {
            dataNanos.addAndGet(System.nanoTime() - t0);
        }
        puts.incrementAndGet();
        bytesWritten.addAndGet(value.length);
    }

    public void putString(String name, String value) {
        put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Stores the JSON encoding of {@code value} (a JsonNode, a Map, a record, a Boolean, …). */
    public void putJson(String name, Object value) {
        try {
            put(name, Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("output '" + name + "' cannot be written as JSON", e);
        }
    }

    /** The key output {@code name} is stored under by this run. */
    public String outputKey(String name) {
        return request.instance() == null ? name : name + "#" + request.instance();
    }

    /** The declared size of an output in bytes (0 when not declared or unknown). */
    public long declaredSize(String output) {
        RunRequest.Output out = request.outputNamed(output);
        return out == null ? 0 : Math.max(0, out.size());
    }

    // ------------------------------------------------------------------ time

    /** {@code runtimeSeconds × timeScale} in milliseconds. */
    public long scaledRuntimeMillis() {
        return Math.round(request.runtimeSeconds() * request.timeScale() * 1000.0);
    }

    /** Sleeps {@code runtimeSeconds × timeScale}: what a replayed function does. */
    public void sleepScaledRuntime() throws InterruptedException {
        long ms = scaledRuntimeMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /**
     * Sleeps what remains of {@code runtimeSeconds × timeScale} since the run started (nothing when the run
     * already took longer): real functions call it last so they take at least their declared, scaled runtime.
     */
    public void padToScaledRuntime() throws InterruptedException {
        long remaining = scaledRuntimeMillis() - (System.nanoTime() - startNanos) / 1_000_000L;
        if (remaining > 0) {
            Thread.sleep(remaining);
        }
    }

    // ------------------------------------------------------------------ metrics

    /** Data access so far. */
    public DataMetrics metrics() {
        return new DataMetrics(dataNanos.get() / 1e6, gets.get(), puts.get(), bytesRead.get(), bytesWritten.get());
    }

    /** Time and volume of a run's store accesses. */
    public record DataMetrics(double dataMs, long gets, long puts, long bytesRead, long bytesWritten) {
    }

    // ------------------------------------------------------------------ helpers

    private RunRequest.Input declaredInput(String name) {
        RunRequest.Input in = request.inputNamed(name);
        if (in == null) {
            throw new IllegalArgumentException("no declared input '" + name + "' (declared: "
                    + request.inputs().stream().map(RunRequest.Input::name).collect(Collectors.joining(", "))
                    + ")");
        }
        return in;
    }

    private RunRequest.Output declaredOutput(String name) {
        RunRequest.Output out = request.outputNamed(name);
        if (out == null) {
            throw new IllegalArgumentException("no declared output '" + name + "' (declared: "
                    + request.outputs().stream().map(RunRequest.Output::name).collect(Collectors.joining(", "))
                    + ")");
        }
        return out;
    }

    /** An output of type {@code keys} is the list a foreach iterates: anything but a JSON array is refused here. */
    private static void checkKeyList(String name, byte[] value) {
        JsonNode list;
        try {
            list = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("output '" + name + "' is of type keys, so its value must be a JSON list "
                    + "(a foreach runs once per element), but it is not JSON: " + jsonMessage(e), e);
        }
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("output '" + name + "' is of type keys, so its value must be a JSON list "
                    + "(a foreach runs once per element), got " + (list == null ? "nothing" : list.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private static String jsonMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static JsonNode readJson(String name, byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("input '" + name + "' is not JSON: " + jsonMessage(e), e);
        }
    }
}
