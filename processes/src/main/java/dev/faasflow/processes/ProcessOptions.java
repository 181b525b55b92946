package dev.faasflow.processes;

import dev.faasflow.embedded.EmbeddedOptions;

import java.util.List;

/**
 * How a process cluster is laid out.
 *
 * @param engine           the engine's settings, as for the embedded launcher (nodes, node memory, quota, cold
 *                         starts, function timeout, probe, admission, in-process store and calls); its {@code redis}
 *                         is an external Redis to use instead of starting one on a storage node
 * @param slots            slots of each node, for planning
 * @param netns            each member in its own network namespace (root); else plain processes on loopback
 * @param rttMs            round trip between two members (tc netem, half on each member's link); 0 for none
 * @param storageMbps      tc tbf rate of the storage node's link in MB/s (10^6 bytes), 0 for none; needs netns
 * @param runtimeAsProcess each node runs its function runtime as a child process (so it can be killed alone)
 * @param durableRedis     the storage node's Redis writes an append-only file (fsync always) and keeps its data
 *                         across a restart, as a production Redis would
 * @param javaOptions      more JVM options for every Java member
 */
public record ProcessOptions(EmbeddedOptions engine, int slots, boolean netns, double rttMs, int storageMbps,
                             boolean runtimeAsProcess, boolean durableRedis, List<String> javaOptions) {
    /** A datacenter's round trip, the default between namespaced nodes. */
    public static final double DEFAULT_RTT_MS = 0.5;
    public static final int DEFAULT_SLOTS = 120;

    public ProcessOptions {
        javaOptions = List.copyOf(javaOptions);
        if (storageMbps > 0 && !netns) {
            throw new IllegalArgumentException("a storage link rate needs network namespaces (netns)");
        }
        if (storageMbps > 0 && engine.redis() != null) {
            throw new IllegalArgumentException("a storage link rate applies to the cluster's own Redis, not to an external one");
        }
    }

    /** Plain processes on loopback, no delay, no rate limit. */
    public static ProcessOptions loopback(EmbeddedOptions engine) {
        return new ProcessOptions(engine, DEFAULT_SLOTS, false, 0, 0, false, false, List.of());
    }

    /** Each member in its own namespace, {@link #DEFAULT_RTT_MS} apart. */
    public static ProcessOptions namespaced(EmbeddedOptions engine) {
        return new ProcessOptions(engine, DEFAULT_SLOTS, true, DEFAULT_RTT_MS, 0, false, false, List.of());
    }

    public ProcessOptions withSlots(int n) {
        return new ProcessOptions(engine, n, netns, rttMs, storageMbps, runtimeAsProcess, durableRedis, javaOptions);
    }

    public ProcessOptions withRttMs(double ms) {
        return new ProcessOptions(engine, slots, netns, ms, storageMbps, runtimeAsProcess, durableRedis, javaOptions);
    }

    public ProcessOptions withStorageMbps(int mbps) {
        return new ProcessOptions(engine, slots, netns, rttMs, mbps, runtimeAsProcess, durableRedis, javaOptions);
    }

    public ProcessOptions withRuntimeAsProcess(boolean child) {
        return new ProcessOptions(engine, slots, netns, rttMs, storageMbps, child, durableRedis, javaOptions);
    }

    public ProcessOptions withDurableRedis(boolean durable) {
        return new ProcessOptions(engine, slots, netns, rttMs, storageMbps, runtimeAsProcess, durable, javaOptions);
    }

    public ProcessOptions withJavaOptions(List<String> options) {
        return new ProcessOptions(engine, slots, netns, rttMs, storageMbps, runtimeAsProcess, durableRedis, options);
    }
}
