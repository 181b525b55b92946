package dev.faasflow.functions;

import dev.faasflow.contract.RunRequest;
import dev.faasflow.contract.RunResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs functions for run requests, independent of HTTP: resolves the implementation, builds its
 * {@link FunctionContext} over the request's store, runs it and measures it. {@link FunctionServer} serves it
 * over HTTP; an embedding process may also call it directly.
 *
 * <p>{@link #submit} runs functions on the runtime's own thread pool: it grows on demand up to
 * {@code maxConcurrentRuns} threads (idle threads die after a minute), because replayed functions sleep and
 * hundreds of runs may be in flight at once. It never uses a Vert.x event-loop thread.
 */
public final class FunctionRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionRuntime.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final FunctionRegistry registry;
    private final Function<String, StoreClient> stores;
    private final boolean strict;
    private final int maxConcurrentRuns;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger running = new AtomicInteger();

    /**
     * @param stores            store client for a request's store endpoint URL
     *                          (usually {@link StoreClients#forEndpoint})
     * @param strict            no fallback to replay for unknown implementations
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
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "faasflow-function-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(0, maxConcurrentRuns, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads);
    }

    public FunctionRegistry registry() {
        return registry;
    }

    public boolean strict() {
        return strict;
    }

    /** Runs in flight now. */
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
     * Runs the request on the runtime's pool. The future fails with a {@link RunFailure} (404 unknown
     * implementation, 500 the function threw, 503 too many runs in flight).
     */
    public CompletableFuture<RunResponse> submit(RunRequest request) {
        CompletableFuture<RunResponse> result = new CompletableFuture<>();
        FunctionRegistry.Match match;
        try {
            match = resolve(request);
        } catch (RunFailure f) {
            result.completeExceptionally(f);
            return result;
        }
        try {
            executor.execute(() -> {
                try {
                    result.complete(run(request, match));
                } catch (RunFailure f) {
                    result.completeExceptionally(f);
                } catch (Throwable t) {
                    result.completeExceptionally(new RunFailure(500, request.displayName() + ": " + t, t));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RunFailure(503, "function runtime saturated: "
                    + maxConcurrentRuns + " runs in flight; retry later", e));
        }
        return result;
    }

    /** Runs the request on the calling thread (which must not be a Vert.x event-loop thread). */
    public RunResponse run(RunRequest request) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("FunctionRuntime.run blocks: call it from a worker thread, or use submit");
        }
        return run(request, resolve(request));
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private RunResponse run(RunRequest request, FunctionRegistry.Match match) {
        StoreClient store;
        try {
            store = stores.apply(request.store());
        } catch (IllegalArgumentException e) {
            throw new RunFailure(400, "bad request: field 'store' " + e.getMessage(), e);
        }
        running.incrementAndGet();
        long startedAtMicros = epochMicros();
        long t0 = System.nanoTime();
        FunctionContext ctx = new FunctionContext(request, store);
        try {
            match.function().run(ctx);
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String message = request.displayName() + ": " + describe(t);
            if (message.length() > MAX_ERROR_LENGTH) {
                message = message.substring(0, MAX_ERROR_LENGTH) + "…";
            }
            // One line per failed run (the reason goes back to the agent too); where it happened only at debug.
            LOG.warn("invocation {} of {}: {}", request.invocation(), request.workflow(), message);
            LOG.debug("invocation {} of {}: {} failed here", request.invocation(), request.workflow(),
                    request.displayName(), t);
            throw new RunFailure(500, message, t);
        } finally {
            running.decrementAndGet();
        }
        double durationMs = (System.nanoTime() - t0) / 1e6;
        long endedAtMicros = epochMicros();
        FunctionContext.DataMetrics m = ctx.metrics();
        return new RunResponse(request.function(), request.instance(), match.name(), durationMs, m.dataMs(),
                m.gets(), m.puts(), m.bytesRead(), m.bytesWritten(), startedAtMicros, endedAtMicros);
    }

    /** A one-line description of a failure: its message, or its type when it has none. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Stops taking runs; runs in flight finish. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
