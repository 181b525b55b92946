package dev.faasflow.functions;

import java.time.Duration;

/** Settings of a {@link FunctionServer}; fluent setters, defaults suit a node's function runtime. */
public final class FunctionServerOptions {
    private boolean strict;
    private int maxConcurrentRuns = 4096;
    private int storePoolSize = HttpStoreClient.DEFAULT_POOL_SIZE;
    private Duration storeTimeout = HttpStoreClient.DEFAULT_TIMEOUT;
    private long maxRequestBytes = 16L * 1024 * 1024;

    /** Strict: an unknown implementation is answered 404 instead of falling back to replay. Default false. */
    public FunctionServerOptions strict(boolean value) {
        this.strict = value;
        return this;
    }

    /** Runs in flight at most (worker threads grow on demand up to this); more get 503. Default 4096. */
    public FunctionServerOptions maxConcurrentRuns(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxConcurrentRuns must be at least 1");
        }
        this.maxConcurrentRuns = value;
        return this;
    }

    /** Keep-alive connections per store endpoint for HTTP store access. Default 64. */
    public FunctionServerOptions storePoolSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("storePoolSize must be at least 1");
        }
        this.storePoolSize = value;
        return this;
    }

    /** How long one store call may take. Default 2 minutes. */
    public FunctionServerOptions storeTimeout(Duration value) {
        this.storeTimeout = value;
        return this;
    }

    /** Largest run request body accepted. Default 16 MiB. */
    public FunctionServerOptions maxRequestBytes(long value) {
        this.maxRequestBytes = value;
        return this;
    }

    public boolean strict() {
        return strict;
    }

    public int maxConcurrentRuns() {
        return maxConcurrentRuns;
    }

    public int storePoolSize() {
        return storePoolSize;
    }

    public Duration storeTimeout() {
        return storeTimeout;
    }

    public long maxRequestBytes() {
        return maxRequestBytes;
    }
}
