package dev.faasflow.cli;

import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Nodes;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanRenderer;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code faasflow plan FILE}: groups and places a workflow and prints the plan. */
@Command(name = "plan", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
        description = "Group and place a workflow (critical-path greedy merge, best-fit placement, group limit 100, "
                + "memory quota) and print groups, per-function node/group/destination and the critical path.")
final class PlanCommand extends CliCommand {
    static final int MAX_NODES = 100_000;
    static final int MAX_SLOTS = 1_000_000;

    @Parameters(index = "0", paramLabel = "FILE", description = "A flat_workflow.yaml, a folder holding one, or a benchmark name.")
    String file;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "7", description = "Nodes to plan over, all alike.")
    int nodes;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "120", description = "Slots of each node (a function of scale 3 takes 3).")
    int slots;

    @Option(names = "--nodes-file", paramLabel = "FILE",
            description = "Nodes as 'name slots' lines, instead of --nodes and --slots.")
    Path nodesFile;

    @Mixin
    PlanningOptions planning;

    @Option(names = "--json", description = "Print one JSON object: workflow, groups, functions, criticalPath, ...")
    boolean json;

    @Option(names = "--svg", paramLabel = "FILE.svg", description = "Also draw the plan: nodes holding their groups "
            + "holding their functions, each edge in its tier (node memory or the remote store).")
    java.nio.file.Path svg;

    @Override
    public Integer call() throws Exception {
        Workflow wf = Benchmarks.loadPathOrName(file);
        Outputs.requireWritable(spec, "--svg", svg);
        Plan plan = GroupingPlanner.plan(wf, nodes(), planning.grouping());
        if (svg != null) {
            Outputs.write(spec, "--svg", svg, dev.faasflow.pictures.PlanPicture.svg(wf, plan));
            io.err().println("plan of " + wf.name() + " drawn in " + svg);
        }
        if (json) {
            io.out().println(PlanRenderer.toJson(plan).toPrettyString());
        } else {
            io.out().print(PlanRenderer.toTable(plan));
        }
        return Main.OK;
    }

    private List<NodeSpec> nodes() {
        if (nodesFile == null) {
            return Nodes.uniform(Ranges.whole(spec, "--nodes", nodes, 1, MAX_NODES),
                    Ranges.whole(spec, "--slots", slots, 1, MAX_SLOTS));
        }
        var parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--nodes") || parsed.hasMatchedOption("--slots")) {
            throw new ParameterException(spec.commandLine(), "--nodes-file replaces --nodes and --slots; give one or the other");
        }
        try {
            return Nodes.read(nodesFile);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--nodes-file: cannot read " + nodesFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--nodes-file: " + e.getMessage());
        }
    }
}
