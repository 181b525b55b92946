package dev.faasflow.functions;

import dev.faasflow.contract.RunRequest;
import dev.faasflow.contract.RunResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs functions for run requests, independent of HTTP: resolves the implementation, builds its
 * {@link FunctionContext} over the request's store, runs it and measures it. {@link FunctionServer} serves it
 * over HTTP; an embedding process may also call it directly ({@link #submit}).
 *
 * <p>At most {@code maxConcurrentRuns} runs are in flight; one more is refused (503) before it starts. Replayed
 * functions sleep, so hundreds of runs may be in flight at once: {@link #run} runs on the caller's thread and
 * {@link #submit} on a pool whose threads grow on demand (idle ones die after a minute).
 */
public final class FunctionRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionRuntime.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final FunctionRegistry registry;
    private final Function<String, StoreClient> stores;
    private final boolean strict;
    private final int maxConcurrentRuns;
    private final ExecutorService executor;
    private final AtomicInteger running = new AtomicInteger();
    private final RuntimeMetrics metrics = new RuntimeMetrics(running::get);

    /**
     * @param stores            store client for a request's store endpoint URL
     *                          (usually {@link StoreClients#forEndpoint})
     * @param strict            no fallback for unknown implementations
     * @param maxConcurrentRuns runs in flight at most; more are refused with 503
     */
    public FunctionRuntime(FunctionRegistry registry, Function<String, StoreClient> stores, boolean strict,
                           int maxConcurrentRuns) {
        if (maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1");
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.strict = strict;
        this.maxConcurrentRuns = maxConcurrentRuns;
        AtomicInteger ids = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faasflow-function-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public FunctionRegistry registry() {
        return registry;
    }

    public boolean strict() {
        return strict;
    }

    /** Runs in flight now. */
    /** What this runtime has run, for {@code GET /metrics}. */
    RuntimeMetrics metrics() {
        return metrics;
    }

    public int running() {
        return running.get();
    }

    /**
     * Resolves the implementation of a request.
     *
     * @throws RunFailure 404 when there is none (strict runtime or no fallback)
     */
    public FunctionRegistry.Match resolve(RunRequest request) {
        try {
            return registry.resolve(request, strict);
        } catch (UnknownFunctionException e) {
            throw new RunFailure(404, e.getMessage(), e);
        }
    }

    /**
     * Runs the request on the runtime's pool. The future fails with a {@link RunFailure} (400 bad store URL,
     * 404 unknown implementation, 500 the function threw, 503 too many runs in flight or the runtime is closed).
     */
    public CompletableFuture<RunResponse> submit(RunRequest request) {
        CompletableFuture<RunResponse> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(run(request));
                } catch (RunFailure f) {
                    result.completeExceptionally(f);
                } catch (Throwable t) {
                    result.completeExceptionally(new RunFailure(500, request.displayName() + ": " + describe(t), t));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RunFailure(503, "function runtime is shut down", e));
        }
        return result;
    }

    /**
     * Runs the request on the calling thread (it blocks while the function runs).
     *
     * @throws RunFailure 400 bad store URL, 404 unknown implementation, 500 the function threw, 503 too many runs
     */
    public RunResponse run(RunRequest request) {
        FunctionRegistry.Match match = resolve(request);
        StoreClient store;
        try {
            store = stores.apply(request.store()).withToken(request.storeToken());
        } catch (IllegalArgumentException e) {
            throw new RunFailure(400, "bad request: field 'store' " + e.getMessage(), e);
        }
        if (running.incrementAndGet() > maxConcurrentRuns) {
            running.decrementAndGet();
            throw new RunFailure(503, "function runtime saturated: " + maxConcurrentRuns
                    + " runs in flight; retry later", null);
        }
        try {
            return measured(request, match, store);
        } finally {
            running.decrementAndGet();
        }
    }

    private RunResponse measured(RunRequest request, FunctionRegistry.Match match, StoreClient store) {
        long startedAtMicros = epochMicros();
        long t0 = System.nanoTime();
        FunctionContext ctx = new FunctionContext(request, store);
        try {
            match.function().run(ctx);
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            FunctionContext.DataMetrics failed = ctx.metrics();
            metrics.run(request.workflow(), request.function(), false, (System.nanoTime() - t0) / 1e9,
                    failed.bytesRead(), failed.bytesWritten());
            String message = request.displayName() + ": " + describe(t);
            if (message.length() > MAX_ERROR_LENGTH) {
                message = message.substring(0, MAX_ERROR_LENGTH) + "…";
            }
            // One line per failed run (the reason goes back to the agent too); where it happened only at debug.
            LOG.warn("invocation {} of {}: {}", request.invocation(), request.workflow(), message);
            LOG.debug("invocation {} of {}: {} failed here", request.invocation(), request.workflow(),
                    request.displayName(), t);
            throw new RunFailure(500, message, t);
        }
        double durationMs = (System.nanoTime() - t0) / 1e6;
        long endedAtMicros = epochMicros();
        FunctionContext.DataMetrics m = ctx.metrics();
        metrics.run(request.workflow(), request.function(), true, durationMs / 1000, m.bytesRead(), m.bytesWritten());
        return new RunResponse(request.function(), request.instance(), match.name(), durationMs, m.dataMs(),
                m.gets(), m.puts(), m.bytesRead(), m.bytesWritten(), startedAtMicros, endedAtMicros);
    }

    private static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** A one-line description of a failure: its message, or its type when it has none. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Takes no more submitted runs; runs in flight finish. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
