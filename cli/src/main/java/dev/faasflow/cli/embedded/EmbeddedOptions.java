package dev.faasflow.cli.embedded;

/**
 * @param redis             redis://HOST:PORT for a real remote tier, or null for the in-process stand-in
 * @param inProcessStore    functions reach their node's store in-process (true) or over HTTP (false)
 * @param probeWorkers      MasterSP probes every worker before each function (the artifact's behaviour)
 */
public record EmbeddedOptions(int nodes, String redis, boolean inProcessStore, long coldStartMillis,
                              long functionTimeoutMillis, boolean probeWorkers, long quotaOverrideBytes) {
    public static EmbeddedOptions defaults(int nodes) {
        return new EmbeddedOptions(nodes, null, true, 0, 60_000, true, -1);
    }

    public EmbeddedOptions withRedis(String url) {
        return new EmbeddedOptions(nodes, url, inProcessStore, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes);
    }

    public EmbeddedOptions withInProcessStore(boolean inProcess) {
        return new EmbeddedOptions(nodes, redis, inProcess, coldStartMillis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes);
    }

    public EmbeddedOptions withFunctionTimeoutMillis(long millis) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, millis, probeWorkers, quotaOverrideBytes);
    }

    public EmbeddedOptions withColdStartMillis(long millis) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, millis, functionTimeoutMillis, probeWorkers, quotaOverrideBytes);
    }

    public EmbeddedOptions withProbeWorkers(boolean probe) {
        return new EmbeddedOptions(nodes, redis, inProcessStore, coldStartMillis, functionTimeoutMillis, probe, quotaOverrideBytes);
    }
}
