package dev.faasflow.coordinator;

/**
 * @param probeWorkers MasterSP asks every worker's status before each function, as the artifact's
 *                     simulated node selection does (on by default, for fidelity)
 */
public record CoordinatorConfig(String host, int port, String advertisedHost, boolean probeWorkers,
                                long functionTimeoutMillis) {
    public static CoordinatorConfig embedded() {
        return new CoordinatorConfig("127.0.0.1", 0, "127.0.0.1", true, 60_000);
    }

    public CoordinatorConfig withProbeWorkers(boolean probe) {
        return new CoordinatorConfig(host, port, advertisedHost, probe, functionTimeoutMillis);
    }

    public CoordinatorConfig withFunctionTimeoutMillis(long millis) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, millis);
    }
}
