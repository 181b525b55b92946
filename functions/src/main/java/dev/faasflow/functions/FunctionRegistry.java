package dev.faasflow.functions;

import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.fileprocessing.FileProcessing;
import dev.faasflow.functions.recognizer.IllegalRecognizer;
import dev.faasflow.functions.replay.ReplayFunction;
import dev.faasflow.functions.video.Video;
import dev.faasflow.functions.wordcount.WordCount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The implementations a runtime serves, by name. A run request is resolved by looking up, in order:
 * its image name, {@code workflow/source}, {@code source} (the function name when the source is absent),
 * {@code workflow/*}; then, unless the runtime is strict, the fallback (the generic replay function).
 *
 * <p>Thread-safe; registrations may happen while serving.
 */
public final class FunctionRegistry {
    /** Name under which the generic replay function is registered and reported as fallback. */
    public static final String REPLAY = "replay";

    private final Map<String, FaasFunction> byName = new ConcurrentHashMap<>();
    private volatile FaasFunction fallback;

    /** An empty registry without fallback. */
    public FunctionRegistry() {
    }

    /**
     * Every built-in implementation: {@code replay}; WordCount, FileProcessing, Video and IllegalRecognizer
     * under {@code workflow/source} and their benchmark image names; the scientific benchmarks (cycles,
     * epigenomics, genome, soykb) as {@code workflow/*} → replay. Fallback: replay.
     */
    public static FunctionRegistry builtins() {
        FunctionRegistry r = new FunctionRegistry();
        ReplayFunction replay = new ReplayFunction();
        r.register(REPLAY, replay);
        r.fallback(replay);
        for (String scientific : List.of("cycles", "epigenomics", "genome", "soykb")) {
            r.register(scientific + "/*", replay);
        }
        WordCount.register(r);
        FileProcessing.register(r);
        Video.register(r);
        IllegalRecognizer.register(r);
        return r;
    }

    /** Serves {@code function} under {@code name} (an image, {@code workflow/source}, a source or {@code workflow/*}). */
    public FunctionRegistry register(String name, FaasFunction function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        byName.put(name, function);
        return this;
    }

    /** Serves {@code function} under {@code workflow/source} and, when not null, under {@code image}. */
    public FunctionRegistry register(String workflow, String source, String image, FaasFunction function) {
        register(workflow + "/" + source, function);
        if (image != null) {
            register(image, function);
        }
        return this;
    }

    /** The implementation used when nothing matches and the runtime is not strict; null for none. */
    public FunctionRegistry fallback(FaasFunction function) {
        this.fallback = function;
        return this;
    }

    public FaasFunction fallback() {
        return fallback;
    }

    /** The implementation registered under exactly {@code name}, or null. */
    public FaasFunction get(String name) {
        return name == null ? null : byName.get(name);
    }

    /** Every registered name, sorted. */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** An implementation and the name it was found under. */
    public record Match(String name, FaasFunction function) {
    }

    /**
     * Resolves a run request.
     *
     * @throws UnknownFunctionException when nothing matches and {@code strict} is set or there is no fallback
     */
    public Match resolve(RunRequest request, boolean strict) {
        String source = request.source() != null ? request.source() : request.function();
        List<String> tried = new ArrayList<>(4);
        for (String name : new String[] {request.image(), request.workflow() + "/" + source, source,
                request.workflow() + "/*"}) {
            if (name == null) {
                continue;
            }
            tried.add(name);
            FaasFunction f = byName.get(name);
            if (f != null) {
                return new Match(name, f);
            }
        }
        FaasFunction fb = fallback;
        if (!strict && fb != null) {
            return new Match(REPLAY, fb);
        }
        throw new UnknownFunctionException("no implementation for function '" + request.function()
                + "' of workflow '" + request.workflow() + "' (tried " + String.join(", ", tried)
                + (strict ? "; the runtime is strict)" : "; no fallback)"));
    }
}
