package dev.faasflow.cli.embedded;

/**
 * @param redis             redis://HOST:PORT for a real remote tier, or null for the in-process stand-in
 * @param inProcessStore    functions reach their node's store in-process (true) or over HTTP (false)
 * @param probeWorkers      MasterSP probes every worker before each function (the artifact's behaviour)
 */
public record EmbeddedOptions(int nodes, String redis, boolean inProcessStore, long coldStartMillis,
                              long functionTimeoutMillis, boolean probeWorkers, long quotaOverrideBytes,
                              long nodeMemoryBytes, int maxInFlight, boolean inProcessCalls) {
    public static EmbeddedOptions defaults(int nodes) {
        return new EmbeddedOptions(nodes, null, true, 0, 60_000, true, -1, -1,
                dev.faasflow.coordinator.CoordinatorConfig.DEFAULT_MAX_IN_FLIGHT, false);
    }

    /** Agents hand run requests to their node's runtime in-process instead of over loopback HTTP. */
    public EmbeddedOptions withInProcessCalls(boolean inProcess) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers,
                quotaOverrideBytes, nodeMemoryBytes, maxInFlight, inProcess);
    }

    /** Invocations running at once; more wait their turn. */
    public EmbeddedOptions withMaxInFlight(int max) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers,
                quotaOverrideBytes, nodeMemoryBytes, max, inProcessCalls);
    }

    /** Local-tier capacity of each node in bytes; -1 for half the heap. */
    public EmbeddedOptions withNodeMemoryBytes(long bytes) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, bytes, maxInFlight, inProcessCalls);
    }

    /** The workflow quota in bytes for every workflow; -1 for the formula. */
    public EmbeddedOptions withQuotaOverrideBytes(long bytes) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, bytes, nodeMemoryBytes, maxInFlight, inProcessCalls);
    }

    public EmbeddedOptions withRedis(String url) {
        return new EmbeddedOptions(nodes, url, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes, maxInFlight, inProcessCalls);
    }

    public EmbeddedOptions withInProcessStore(boolean inProcess) {
        return new EmbeddedOptions(nodes, redis, inProcess, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes, maxInFlight, inProcessCalls);
    }

    public EmbeddedOptions withFunctionTimeoutMillis(long millis) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, millis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes, maxInFlight, inProcessCalls);
    }

    public EmbeddedOptions withColdStartMillis(long millis) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, millis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes, nodeMemoryBytes, maxInFlight, inProcessCalls);
    }

    public EmbeddedOptions withProbeWorkers(boolean probe) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probe, quotaOverrideBytes, nodeMemoryBytes, maxInFlight, inProcessCalls);
    }
}
