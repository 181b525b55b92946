package dev.faasflow.embedded;

import dev.faasflow.agent.AgentConfig;
import dev.faasflow.coordinator.CoordinatorConfig;

import java.util.function.Consumer;

/**
 * How the embedded cluster is set up.
 *
 * @param redis            redis://HOST:PORT for a real remote tier, or null for the in-process stand-in
 * @param inProcessStore   functions reach their node's store in-process (true) or over HTTP (false)
 * @param probeWorkers     MasterSP probes every worker before each function (the artifact's behaviour)
 * @param quotaOverrideBytes the workflow quota for every workflow; -1 for the paper's formula
 * @param nodeMemoryBytes  local-tier capacity of each node; -1 for half the heap
 * @param maxInFlight      invocations running at once; more wait their turn
 * @param inProcessCalls   agents hand run requests to their node's runtime in-process, not over HTTP
 * @param slots            slots of every node: the planner plans with them and each agent runs at most that many
 *                         slots' worth of function instances at once (120, as the planner assumes by default)
 * @param authenticate     agents and coordinator share a generated cluster key and refuse control calls without it
 *                         (true, as on a cluster); false only to measure what the check costs
 */
public record EmbeddedOptions(int nodes, String redis, boolean inProcessStore, long coldStartMillis,
                              long functionTimeoutMillis, boolean probeWorkers, long quotaOverrideBytes,
                              long nodeMemoryBytes, int maxInFlight, boolean inProcessCalls, int slots,
                              boolean authenticate) {

    public static EmbeddedOptions defaults(int nodes) {
        return new EmbeddedOptions(nodes, null, true, 0, 60_000, true, -1, -1,
                CoordinatorConfig.DEFAULT_MAX_IN_FLIGHT, false, AgentConfig.DEFAULT_SLOTS, true);
    }

    public EmbeddedOptions withSlots(int perNode) {
        return with(b -> b.slots = perNode);
    }

    public EmbeddedOptions withRedis(String url) {
        return with(b -> b.redis = url);
    }

    public EmbeddedOptions withInProcessStore(boolean inProcess) {
        return with(b -> b.inProcessStore = inProcess);
    }

    public EmbeddedOptions withColdStartMillis(long millis) {
        return with(b -> b.coldStartMillis = millis);
    }

    public EmbeddedOptions withFunctionTimeoutMillis(long millis) {
        return with(b -> b.functionTimeoutMillis = millis);
    }

    public EmbeddedOptions withProbeWorkers(boolean probe) {
        return with(b -> b.probeWorkers = probe);
    }

    public EmbeddedOptions withQuotaOverrideBytes(long bytes) {
        return with(b -> b.quotaOverrideBytes = bytes);
    }

    public EmbeddedOptions withNodeMemoryBytes(long bytes) {
        return with(b -> b.nodeMemoryBytes = bytes);
    }

    public EmbeddedOptions withMaxInFlight(int max) {
        return with(b -> b.maxInFlight = max);
    }

    public EmbeddedOptions withInProcessCalls(boolean inProcess) {
        return with(b -> b.inProcessCalls = inProcess);
    }

    public EmbeddedOptions withAuthentication(boolean on) {
        return with(b -> b.authenticate = on);
    }

    private EmbeddedOptions with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new EmbeddedOptions(c.nodes, c.redis, c.inProcessStore, c.coldStartMillis, c.functionTimeoutMillis,
                c.probeWorkers, c.quotaOverrideBytes, c.nodeMemoryBytes, c.maxInFlight, c.inProcessCalls, c.slots,
                c.authenticate);
    }

    /** A mutable copy, so each wither names only the field it changes. */
    private static final class Copy {
        int nodes;
        String redis;
        boolean inProcessStore;
        long coldStartMillis;
        long functionTimeoutMillis;
        boolean probeWorkers;
        long quotaOverrideBytes;
        long nodeMemoryBytes;
        int maxInFlight;
        boolean inProcessCalls;
        int slots;
        boolean authenticate;

        Copy(EmbeddedOptions o) {
            nodes = o.nodes;
            redis = o.redis;
            inProcessStore = o.inProcessStore;
            coldStartMillis = o.coldStartMillis;
            functionTimeoutMillis = o.functionTimeoutMillis;
            probeWorkers = o.probeWorkers;
            quotaOverrideBytes = o.quotaOverrideBytes;
            nodeMemoryBytes = o.nodeMemoryBytes;
            maxInFlight = o.maxInFlight;
            inProcessCalls = o.inProcessCalls;
            slots = o.slots;
            authenticate = o.authenticate;
        }
    }
}
