package dev.faasflow.cli;

import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Nodes;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanRenderer;
import dev.faasflow.grouping.PlanningException;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code faasflow plan FILE [--nodes 7] [--slots 120] [--nodes-file F] [--data-mode optimized|raw] [--json]}. */
final class PlanCommand {
    static final String USAGE = "plan FILE|BENCHMARK [--nodes 7] [--slots 120] [--nodes-file FILE] "
            + "[--data-mode optimized|raw] [--quota BYTES] [--json]";

    private PlanCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws UsageException, WorkflowException, PlanningException {
        Args args = Args.parse(argv, Set.of("nodes", "slots", "nodes-file", "data-mode", "quota"), Set.of("json"));
        Workflow wf = Benchmarks.loadPathOrName(args.onePositional("workflow file"));
        Plan plan = GroupingPlanner.plan(wf, nodes(args), options(args));
        if (args.flag("json")) {
            out.println(PlanRenderer.toJson(plan).toPrettyString());
        } else {
            out.print(PlanRenderer.toTable(plan));
        }
        return 0;
    }

    static List<NodeSpec> nodes(Args args) throws UsageException {
        if (args.has("nodes-file")) {
            if (args.has("nodes") || args.has("slots")) {
                throw new UsageException("--nodes-file replaces --nodes and --slots; give one or the other");
            }
            try {
                return Nodes.read(Path.of(args.string("nodes-file", "")));
            } catch (IOException e) {
                throw new UsageException("cannot read nodes file " + args.string("nodes-file", "") + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return Nodes.uniform(args.integer("nodes", 7, 1), args.integer("slots", 120, 1));
    }

    static GroupingOptions options(Args args) throws UsageException {
        DataMode mode;
        try {
            mode = DataMode.parse(args.string("data-mode", "optimized"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Long quota = args.has("quota") ? (long) args.decimal("quota", 0) : null;
        return new GroupingOptions(mode, GroupingOptions.DEFAULT_GROUP_LIMIT, quota);
    }
}
