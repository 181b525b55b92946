package dev.faasflow.functions;

import java.time.Duration;
import java.util.Objects;

/** Settings of a {@link FunctionServer}; fluent setters, defaults suit a node's function runtime. */
public final class FunctionServerOptions {
    private boolean strict;
    private int maxConcurrentRuns = 4096;
    private Duration storeTimeout = HttpStoreClient.DEFAULT_TIMEOUT;
    private long maxRequestBytes = 16L * 1024 * 1024;

    /** Strict: an unknown implementation is answered 404 even when the registry has a fallback. Default false. */
    public FunctionServerOptions strict(boolean value) {
        this.strict = value;
        return this;
    }

    /** Runs in flight at most; more get 503. Default 4096. */
    public FunctionServerOptions maxConcurrentRuns(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1");
        }
        this.maxConcurrentRuns = value;
        return this;
    }

    /** How long one store call over HTTP may take. Default 2 minutes. */
    public FunctionServerOptions storeTimeout(Duration value) {
        this.storeTimeout = Objects.requireNonNull(value, "storeTimeout");
        return this;
    }

    /** Largest run request body accepted. Default 16 MiB. */
    public FunctionServerOptions maxRequestBytes(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be at least 1");
        }
        this.maxRequestBytes = value;
        return this;
    }

    public boolean strict() {
        return strict;
    }

    public int maxConcurrentRuns() {
        return maxConcurrentRuns;
    }

    public Duration storeTimeout() {
        return storeTimeout;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }
}
