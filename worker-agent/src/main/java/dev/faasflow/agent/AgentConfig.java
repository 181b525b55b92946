package dev.faasflow.agent;

import dev.faasflow.agent.auth.ClusterKey;

/**
 * Settings of one agent.
 *
 * @param node                 the node this agent runs on (the plan's node name)
 * @param host                 address to bind
 * @param port                 port to bind; 0 picks a free one
 * @param advertisedHost       host other agents and functions use to reach this one
 * @param functionTimeoutMillis an attempt of a function that has not answered by then fails (unless the function
 *                             names its own {@code timeout_seconds})
 * @param coldStartMillis      cost of starting a new function instance (0 when embedded)
 * @param idleEvictionMillis   idle instances are dropped after this long (the artifact: 600 s)
 * @param maxValueBytes        largest value the store endpoint accepts in one PUT
 * @param stateGraceMillis     how long past an invocation's deadline the agent keeps its state and node memory (the
 *                             coordinator normally clears it at the deadline); then a sweep drops them, and events
 *                             of it are no longer retried
 * @param slots                the node's slots: function instances run at once up to this many slots (each costs its
 *                             function's scale), the rest wait in the node's queue ({@link SlotScheduler})
 * @param clusterKey           the key control calls to this agent must carry, and that its calls to agents and to the
 *                             coordinator carry ({@link ClusterKey#none()} accepts any call)
 */
public record AgentConfig(String node, String host, int port, String advertisedHost, long functionTimeoutMillis,
                          long coldStartMillis, long idleEvictionMillis, long maxValueBytes, long stateGraceMillis,
                          int slots, ClusterKey clusterKey) {
    public static final long DEFAULT_STATE_GRACE_MILLIS = 30_000;
    /** The artifact's slots per node, which the planner assumes too. */
    public static final int DEFAULT_SLOTS = 120;

    public AgentConfig {
        if (stateGraceMillis < 0) {
            throw new IllegalArgumentException("state grace must not be negative, got " + stateGraceMillis + " ms");
        }
        if (slots < 1) {
            throw new IllegalArgumentException("agent of " + node + ": slots must be at least 1, got " + slots);
        }
        if (clusterKey == null) {
            throw new IllegalArgumentException("agent of " + node + ": a cluster key is needed (ClusterKey.none() for none)");
        }
    }

    public AgentConfig(String node, String host, int port, String advertisedHost, long functionTimeoutMillis,
                       long coldStartMillis, long idleEvictionMillis, long maxValueBytes, long stateGraceMillis, int slots) {
        this(node, host, port, advertisedHost, functionTimeoutMillis, coldStartMillis, idleEvictionMillis, maxValueBytes,
                stateGraceMillis, slots, ClusterKey.none());
    }

    public AgentConfig(String node, String host, int port, String advertisedHost, long functionTimeoutMillis,
                       long coldStartMillis, long idleEvictionMillis, long maxValueBytes) {
        this(node, host, port, advertisedHost, functionTimeoutMillis, coldStartMillis, idleEvictionMillis, maxValueBytes,
                DEFAULT_STATE_GRACE_MILLIS, DEFAULT_SLOTS);
    }

    public static AgentConfig embedded(String node) {
        return new AgentConfig(node, "127.0.0.1", 0, "127.0.0.1", 60_000, 0, 600_000, 512L * 1024 * 1024,
                DEFAULT_STATE_GRACE_MILLIS, DEFAULT_SLOTS);
    }

    public AgentConfig withFunctionTimeoutMillis(long millis) {
        return new AgentConfig(node, host, port, advertisedHost, millis, coldStartMillis, idleEvictionMillis, maxValueBytes,
                stateGraceMillis, slots, clusterKey);
    }

    public AgentConfig withColdStartMillis(long millis) {
        return new AgentConfig(node, host, port, advertisedHost, functionTimeoutMillis, millis, idleEvictionMillis,
                maxValueBytes, stateGraceMillis, slots, clusterKey);
    }

    public AgentConfig withPort(int newPort) {
        return new AgentConfig(node, host, newPort, advertisedHost, functionTimeoutMillis, coldStartMillis,
                idleEvictionMillis, maxValueBytes, stateGraceMillis, slots, clusterKey);
    }

    public AgentConfig withStateGraceMillis(long millis) {
        return new AgentConfig(node, host, port, advertisedHost, functionTimeoutMillis, coldStartMillis,
                idleEvictionMillis, maxValueBytes, millis, slots, clusterKey);
    }

    public AgentConfig withSlots(int newSlots) {
        return new AgentConfig(node, host, port, advertisedHost, functionTimeoutMillis, coldStartMillis,
                idleEvictionMillis, maxValueBytes, stateGraceMillis, newSlots, clusterKey);
    }

    public AgentConfig withClusterKey(ClusterKey key) {
        return new AgentConfig(node, host, port, advertisedHost, functionTimeoutMillis, coldStartMillis,
                idleEvictionMillis, maxValueBytes, stateGraceMillis, slots, key);
    }

    /** How often the agent looks for invocations past their deadline and grace. */
    long sweepIntervalMillis() {
        return Math.max(100, Math.min(5_000, stateGraceMillis / 2));
    }
}
