package dev.faasflow.coordinator;

import dev.faasflow.agent.auth.ClusterKey;

/**
 * Settings of the coordinator.
 *
 * @param probeWorkers     MasterSP asks every worker's status before each function, as the artifact's
 *                         simulated node selection does (on by default, for fidelity)
 * @param resultTtlMillis  a finished invocation (and its results) is forgotten this long after it ended,
 *                         unless deleted before
 * @param maxInFlight      invocations running at once; more wait, Pending, in arrival order
 * @param maxWaiting       invocations allowed to wait; beyond that new ones are refused (HTTP 429)
 * @param clusterKey       the key agents' events must carry, and that calls to agents carry
 *                         ({@link ClusterKey#none()} accepts any event)
 */
public record CoordinatorConfig(String host, int port, String advertisedHost, boolean probeWorkers,
                                long functionTimeoutMillis, long resultTtlMillis, int maxInFlight, int maxWaiting,
                                ClusterKey clusterKey) {
    public static final long DEFAULT_RESULT_TTL_MILLIS = 3_600_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    public static final int DEFAULT_MAX_WAITING = 100_000;

    public CoordinatorConfig {
        if (maxInFlight < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("maxInFlight must be at least 1 and maxWaiting not negative");
        }
        if (clusterKey == null) {
            throw new IllegalArgumentException("a cluster key is needed (ClusterKey.none() for none)");
        }
    }

    public CoordinatorConfig(String host, int port, String advertisedHost, boolean probeWorkers, long functionTimeoutMillis) {
        this(host, port, advertisedHost, probeWorkers, functionTimeoutMillis, DEFAULT_RESULT_TTL_MILLIS,
                DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_WAITING, ClusterKey.none());
    }

    public static CoordinatorConfig embedded() {
        return new CoordinatorConfig("127.0.0.1", 0, "127.0.0.1", true, 60_000);
    }

    public CoordinatorConfig withProbeWorkers(boolean probe) {
        return new CoordinatorConfig(host, port, advertisedHost, probe, functionTimeoutMillis, resultTtlMillis,
                maxInFlight, maxWaiting, clusterKey);
    }

    public CoordinatorConfig withFunctionTimeoutMillis(long millis) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, millis, resultTtlMillis, maxInFlight,
                maxWaiting, clusterKey);
    }

    public CoordinatorConfig withResultTtlMillis(long millis) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, functionTimeoutMillis, millis,
                maxInFlight, maxWaiting, clusterKey);
    }

    public CoordinatorConfig withClusterKey(ClusterKey key) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, functionTimeoutMillis, resultTtlMillis,
                maxInFlight, maxWaiting, key);
    }

    public CoordinatorConfig withAdmission(int inFlight, int waiting) {
        return new CoordinatorConfig(host, port, advertisedHost, probeWorkers, functionTimeoutMillis, resultTtlMillis,
                inFlight, waiting, clusterKey);
    }
}
