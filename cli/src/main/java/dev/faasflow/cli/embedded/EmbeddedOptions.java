package dev.faasflow.cli.embedded;

/**
 * @param redis             redis://HOST:PORT for a real remote tier, or null for the in-process stand-in
 * @param inProcessStore    functions reach their node's store in-process (true) or over HTTP (false)
 * @param probeWorkers      MasterSP probes every worker before each function (the artifact's behaviour)
 */
public record EmbeddedOptions(int nodes, String redis, boolean inProcessStore, long coldStartMillis,
                              long functionTimeoutMillis, boolean probeWorkers, long quotaOverrideBytes,
                              long nodeMemoryBytes) {
    public static EmbeddedOptions defaults(int nodes) {
        return new EmbeddedOptions(nodes, null, true, 0, 60_000, true, -1, -1);
    }

    /** Local-tier capacity of each node in bytes; -1 for half the heap. */
    public EmbeddedOptions withNodeMemoryBytes(long bytes) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, bytes);
    }

    /** The workflow quota in bytes for every workflow; -1 for the formula. */
    public EmbeddedOptions withQuotaOverrideBytes(long bytes) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, bytes, nodeMemoryBytes);
    }

    public EmbeddedOptions withRedis(String url) {
        return new EmbeddedOptions(nodes, url, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes);
    }

    public EmbeddedOptions withInProcessStore(boolean inProcess) {
        return new EmbeddedOptions(nodes, redis, inProcess, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes);
    }

    public EmbeddedOptions withFunctionTimeoutMillis(long millis) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, millis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes);
    }

    public EmbeddedOptions withColdStartMillis(long millis) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, millis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes);
    }

    public EmbeddedOptions withProbeWorkers(boolean probe) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probe, quotaOverrideBytes, nodeMemoryBytes);
    }
}
