package dev.faasflow.functions;

import dev.faasflow.contract.RunRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The implementations a runtime serves, by name. A run request is resolved by looking up, in order:
 * its image name, {@code workflow/source}, {@code source} (the function name when the source is absent),
 * {@code workflow/*}; then, unless the runtime is strict, the fallback (none unless one is set).
 *
 * <p>{@link #discover()} fills a registry from the {@link FunctionProvider}s of the class path. Thread-safe;
 * registrations may happen while serving.
 */
public final class FunctionRegistry {
    private final Map<String, FaasFunction> byName = new ConcurrentHashMap<>();
    private volatile String fallbackName;
    private volatile FaasFunction fallback;

    /** An empty registry without fallback. */
    public FunctionRegistry() {
    }

    /**
     * A registry with the functions of every {@link FunctionProvider} listed in the class path's
     * {@code META-INF/services/dev.faasflow.functions.FunctionProvider} files (the thread's context class loader).
     *
     * @throws IllegalStateException when a listed provider cannot be loaded or fails, naming it
     */
    public static FunctionRegistry discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new FunctionRegistry().discover(loader != null ? loader : FunctionRegistry.class.getClassLoader());
    }

    /** Adds the functions of every {@link FunctionProvider} {@code loader} finds; returns this registry. */
    public FunctionRegistry discover(ClassLoader loader) {
        try {
            for (FunctionProvider provider : ServiceLoader.load(FunctionProvider.class, loader)) {
                try {
                    provider.register(this);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("function provider " + provider.getClass().getName()
                            + " failed to register its functions: " + e.getMessage(), e);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a function provider cannot be loaded: " + e.getMessage(), e);
        }
        return this;
    }

    /** Serves {@code function} under {@code name} (an image, {@code workflow/source}, a source or {@code workflow/*}). */
    public FunctionRegistry register(String name, FaasFunction function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(function, "function");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a function's name must not be empty");
        }
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

    /**
     * The implementation used when nothing matches and the runtime is not strict, reported under {@code name}
     * (in {@code /v1/functions} and the run response's {@code implementation}); null to have none.
     */
    public FunctionRegistry fallback(String name, FaasFunction function) {
        this.fallbackName = function == null ? null : Objects.requireNonNull(name, "name");
        this.fallback = function;
        return this;
    }

    public FaasFunction fallback() {
        return fallback;
    }

    /** The name the fallback is reported under, or null when there is none. */
    public String fallbackName() {
        return fallback == null ? null : fallbackName;
    }

    /** The implementation registered under exactly {@code name}, or null. */
    public FaasFunction get(String name) {
        return name == null ? null : byName.get(name);
    }

    /** Every registered name, sorted. */
    public SortedSet<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** True when nothing is registered and there is no fallback. */
    public boolean isEmpty() {
        return byName.isEmpty() && fallback == null;
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
            if (name == null || tried.contains(name)) {
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
            return new Match(fallbackName, fb);
        }
        throw new UnknownFunctionException("no implementation for function '" + request.function()
                + "' of workflow '" + request.workflow() + "' (tried " + String.join(", ", tried)
                + (strict && fb != null ? "; the runtime is strict)" : "; this server has "
                + (byName.isEmpty() ? "no functions" : "only " + abbreviated(names())) + ")"));
    }

    private static String abbreviated(SortedSet<String> names) {
        List<String> shown = new ArrayList<>();
        for (String n : names) {
            if (shown.size() == 10) {
                shown.add("… " + (names.size() - 10) + " more");
                break;
            }
            shown.add(n);
        }
        return String.join(", ", shown);
    }
}
