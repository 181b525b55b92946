package dev.faasflow.cli;

import dev.faasflow.grouping.GroupingOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code plan} and {@code run} both ask of the grouping step. */
final class PlanningOptions {
    /** A petabyte: anything above is a typing error, not a quota. */
    static final long MAX_QUOTA = 1L << 50;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--data-mode", paramLabel = "MODE", completionCandidates = Ranges.DataModes.class,
            description = "optimized (FaaStore: local memory within a group) or raw (everything through Redis; "
                    + "functions placed by a stable hash).")
    String dataMode = "optimized";

    @Option(names = "--quota", paramLabel = "BYTES",
            description = "The workflow's local-memory quota in bytes (default: the paper's formula).")
    Long quota;

    GroupingOptions grouping() {
        Long checked = quota == null ? null : Ranges.whole(spec, "--quota", quota, 0, MAX_QUOTA);
        return new GroupingOptions(Ranges.dataMode(spec, dataMode), GroupingOptions.DEFAULT_GROUP_LIMIT, checked);
    }
}
