package dev.faasflow.bench.faults;

import dev.faasflow.processes.ProcessCluster;

import java.io.IOException;
import java.util.List;

/**
 * One fault of the harness: what it does to the cluster, how it heals, and what it needs of the machine. The
 * scenario of each is run under the same steady load.
 */
enum Fault {
    NONE("none", "no fault: the harness's own baseline"),
    COORDINATOR_KILL("coordinator-kill", "SIGKILL the coordinator process, start it again"),
    COORDINATOR_STOP("coordinator-stop", "SIGSTOP the coordinator for the fault's length, then SIGCONT"),
    AGENT_KILL("agent-kill", "SIGKILL node-1's process (agent, node memory, runtime), start it again"),
    RUNTIME_KILL("runtime-kill", "SIGKILL node-1's function runtime alone; the node starts it again"),
    REDIS_KILL("redis-kill", "SIGKILL Redis (append-only file, fsync always), start it again"),
    REDIS_STOP("redis-stop", "SIGSTOP Redis for the fault's length, then SIGCONT"),
    LINK_DROP("link-drop", "cut node-1's link (its veth down) for the fault's length"),
    LINK_DELAY("link-delay", "200 ms more one way on node-1's link (tc netem) for the fault's length");

    static final String NODE = "node-1";
    static final double EXTRA_DELAY_MS = 200;

    final String label;
    final String description;

    Fault(String label, String description) {
        this.label = label;
        this.description = description;
    }

    static Fault parse(String label) {
        for (Fault f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "' (known: "
                + String.join(", ", List.of(values()).stream().map(f -> f.label).toList()) + ")");
    }

    /** Why this machine or layout cannot run it, or null when it can. */
    String unavailable(ProcessCluster cluster) {
        if ((this == LINK_DROP || this == LINK_DELAY) && !cluster.hasNamespaces()) {
            return "needs network namespaces (root)";
        }
        if (this == LINK_DELAY && !cluster.canDelayLinks()) {
            return "this kernel has no tc netem";
        }
        return null;
    }

    /** Does the fault and undoes it; returns when the cluster is whole again. */
    void inject(ProcessCluster cluster, long lengthMillis) throws IOException, InterruptedException {
        switch (this) {
            case NONE -> {
            }
            case COORDINATOR_KILL -> {
                cluster.signal(ProcessCluster.COORDINATOR, "KILL");
                cluster.restart(ProcessCluster.COORDINATOR);
            }
            case COORDINATOR_STOP -> pause(cluster, ProcessCluster.COORDINATOR, lengthMillis);
            case AGENT_KILL -> {
                cluster.signal(NODE, "KILL");
                cluster.restart(NODE);
            }
            case RUNTIME_KILL -> {
                long before = cluster.runtimePid(NODE);
                cluster.killRuntime(NODE);
                long deadline = System.currentTimeMillis() + 120_000;
                while (cluster.runtimePid(NODE) == before && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
            }
            case REDIS_KILL -> {
                cluster.signal(ProcessCluster.STORAGE, "KILL");
                cluster.restart(ProcessCluster.STORAGE);
            }
            case REDIS_STOP -> pause(cluster, ProcessCluster.STORAGE, lengthMillis);
            case LINK_DROP -> {
                cluster.cutLink(NODE);
                try {
                    Thread.sleep(lengthMillis);
                } finally {
                    cluster.restoreLink(NODE);
                }
            }
            case LINK_DELAY -> {
                cluster.delayLink(NODE, EXTRA_DELAY_MS);
                try {
                    Thread.sleep(lengthMillis);
                } finally {
                    cluster.restoreLink(NODE);
                }
            }
            default -> throw new IllegalStateException(label);
        }
    }

    private static void pause(ProcessCluster cluster, String member, long lengthMillis) throws IOException, InterruptedException {
        cluster.signal(member, "STOP");
        try {
            Thread.sleep(lengthMillis);
        } finally {
            cluster.signal(member, "CONT");
        }
    }
}
