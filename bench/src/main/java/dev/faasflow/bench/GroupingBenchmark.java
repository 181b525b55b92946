package dev.faasflow.bench;

import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Nodes;
import dev.faasflow.grouping.Plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times planning of the shipped benchmarks, of the artifact's nested DAGs (its grouping-scalability
 * inputs) and of generated DAGs: layered and random ones of 100, 1,000 and 10,000 functions, and
 * scientific pipelines of many tasks and few programs (SoyKB-546-like, 1,000 tasks of 14 programs).
 */
public final class GroupingBenchmark {
    private GroupingBenchmark() {
    }

    public record Case(String name, int functions, int edges, int merges, int groups, double millis, String stopReason) {
    }

    public static List<Case> run(boolean includeLarge) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String name : Benchmarks.NAMES) {
            cases.add(time(name, Benchmarks.load(name), Nodes.uniform(7, 120), 20));
        }
        // The artifact's cluster, 7 x 120 slots: DAGs above 224 functions are oversubscribed.
        for (String name : Benchmarks.NESTED_DAGS) {
            cases.add(time("nested/" + name, Benchmarks.loadNestedDag(name), Nodes.uniform(7, 120), 5));
        }
        cases.add(time("scientific-546-14", SyntheticWorkflows.scientific(546, 14, 42), Nodes.uniform(7, 120), 5));
        cases.add(time("scientific-1000-14", SyntheticWorkflows.scientific(1_000, 14, 42), Nodes.uniform(7, 120), 3));
        int[] sizes = includeLarge ? new int[] {100, 1_000, 10_000} : new int[] {100, 1_000};
        for (int size : sizes) {
            // Roomy nodes: 400 slots hold a full group of 100 functions, so only the group limit and the
            // critical path stop merging, never capacity.
            List<NodeSpec> nodes = Nodes.uniform(Math.max(7, size / 40), 400);
            int repeats = size >= 10_000 ? 1 : size >= 1_000 ? 3 : 10;
            cases.add(time("layered-" + size, SyntheticWorkflows.layered(size, 42), nodes, repeats));
            cases.add(time("random-" + size, SyntheticWorkflows.random(size, 42), nodes, repeats));
        }
        return cases;
    }

    /** The median of {@code repeats} timed plans, after one untimed warm-up plan. */
    private static Case time(String name, Workflow wf, List<NodeSpec> nodes, int repeats) throws Exception {
        Plan plan = GroupingPlanner.plan(wf, nodes, GroupingOptions.defaults());
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            plan = GroupingPlanner.plan(wf, nodes, GroupingOptions.defaults());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Case(name, wf.size(), wf.edgeCount(), plan.merges(), plan.groups().size(), ms[repeats / 2],
                plan.stopReason());
    }

    public static void print(List<Case> cases, boolean json, PrintStream out) {
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("benchmark", "grouping");
            ArrayNode arr = root.putArray("cases");
            for (Case c : cases) {
                arr.addObject().put("name", c.name()).put("functions", c.functions()).put("edges", c.edges())
                        .put("merges", c.merges()).put("groups", c.groups())
                        .put("ms", Math.round(c.millis() * 1000) / 1000.0).put("stopReason", c.stopReason());
            }
            out.println(root.toPrettyString());
            return;
        }
        out.printf(Locale.ROOT, "%-22s %9s %7s %7s %7s %11s  %s%n", "CASE", "FUNCTIONS", "EDGES", "MERGES", "GROUPS",
                "PLAN MS", "STOPPED BECAUSE");
        for (Case c : cases) {
            out.printf(Locale.ROOT, "%-22s %9d %7d %7d %7d %11.2f  %s%n", c.name(), c.functions(), c.edges(), c.merges(),
                    c.groups(), c.millis(), c.stopReason());
        }
    }
}
