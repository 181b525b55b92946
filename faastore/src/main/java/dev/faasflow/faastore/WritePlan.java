package dev.faasflow.faastore;

import dev.faasflow.workflow.DataMode;

import dev.faasflow.workflow.Destination;

/**
 * Which tiers a write goes to: the pure part of the adaptive policy.
 *
 * <ul>
 *   <li>OPTIMIZED: MEM → local, DB → remote, DB_MEM → both.</li>
 *   <li>RAW: always remote only (the baseline never uses node memory).</li>
 *   <li>A planned local write the local tier refuses becomes a remote write ({@link #afterLocalRefusal}),
 *       so no value is ever lost.</li>
 * </ul>
 */
public record WritePlan(boolean local, boolean remote) {
    public WritePlan {
        if (!local && !remote) {
            throw new IllegalArgumentException("a write must go to at least one tier");
        }
    }

    public static WritePlan of(DataMode mode, Destination destination) {
        if (mode == DataMode.RAW) {
            return new WritePlan(false, true);
        }
        return new WritePlan(destination.toMemory(), destination.toRemote());
    }

    public WritePlan afterLocalRefusal() {
        return new WritePlan(false, true);
    }
}
