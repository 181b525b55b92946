package dev.faasflow.grouping;

import dev.faasflow.workflow.DataMode;

/**
 * Planner knobs; the defaults are the artifact's.
 *
 * @param groupLimit     most functions in one group
 * @param quotaOverride  local memory quota in bytes, or null for the DESIGN formula
 */
public record GroupingOptions(DataMode dataMode, int groupLimit, Long quotaOverride) {
    public static final int DEFAULT_GROUP_LIMIT = 100;

    public static GroupingOptions defaults() {
        return new GroupingOptions(DataMode.OPTIMIZED, DEFAULT_GROUP_LIMIT, null);
    }

    public static GroupingOptions of(DataMode mode) {
        return new GroupingOptions(mode, DEFAULT_GROUP_LIMIT, null);
    }
}
