package dev.faasflow.coordinator;

/**
 * @param resultTtlMillis a finished invocation (and its results) is forgotten this long after it ended,
 *                        unless deleted before
 * @param probeWorkers MasterSP asks every worker's status before each function, as the artifact's
 *                     simulated node selection does (on by default, for fidelity)
 */
public record CoordinatorConfig(String host, int port, String advertisedHost, boolean probeWorkers,
                                long functionTimeoutMillis, long resultTtlMillis) {
    public static final long DEFAULT_RESULT_TTL_MILLIS = 3_600_000;

    public CoordinatorConfig(String host, int port, String advertisedHost, boolean probeWorkers, long functionTimeoutMillis) {
        this(host, port, advertisedHost, probeWorkers, functionTimeoutMillis, DEFAULT_RESULT_TTL_MILLIS);
    }

    public static CoordinatorConfig embedded() {
        return new CoordinatorConfig("127.0.0.1", 0, "127.0.0.1", true, 60_000, DEFAULT_RESULT_TTL_MILLIS);
    }

    public CoordinatorConfig withProbeWorkers(boolean probe) {
        return new CoordinatorConfig(host, port, advertisedHost, probe, functionTimeoutMillis, resultTtlMillis);
    }

    public CoordinatorConfig withFunctionTimeoutMillis(long millis) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, millis, resultTtlMillis);
    }

    public CoordinatorConfig withResultTtlMillis(long millis) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, functionTimeoutMillis, millis);
    }
}
