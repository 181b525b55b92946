package dev.faasflow.pictures;

import dev.faasflow.grouping.FunctionPlan;
import dev.faasflow.grouping.GroupPlan;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as a picture: each node of the cluster a box holding its function groups, each group a box holding its
 * functions, and every edge of the DAG drawn in the tier its data takes (node memory: solid green; the remote store:
 * dashed orange). The layout is the Eclipse Layout Kernel's layered algorithm over the compound graph, left to right.
 */
public final class PlanPicture {
    static final String MEMORY = "#2e7d32";
    static final String REMOTE = "#e65100";
    private static final double TITLE = 22;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    private PlanPicture() {
    }

    /** The tier of the data {@code from} gives {@code to}: node memory only within one node, where the plan keeps it. */
    public static Destination tier(Plan plan, String from, String to) {
        FunctionPlan producer = plan.function(from);
        FunctionPlan consumer = plan.function(to);
        boolean sameNode = producer != null && consumer != null && producer.node().equals(consumer.node());
        return sameNode && producer.destination() != Destination.DB ? Destination.MEM : Destination.DB;
    }

    /** How many of the workflow's edges the plan keeps in node memory, and how many edges it has: {local, all}. */
    public static int[] edgesInMemory(Workflow workflow, Plan plan) {
        int all = 0;
        int local = 0;
        for (FunctionDef f : workflow.functions()) {
            for (String next : workflow.successorNames(f.name())) {
                all++;
                local += tier(plan, f.name(), next) == Destination.MEM ? 1 : 0;
            }
        }
        return new int[] {local, all};
    }

    /** The SVG document of {@code plan} for {@code workflow}. */
    public static String svg(Workflow workflow, Plan plan) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(TITLE + 30, 20, 20, 20));
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 40.0);
        Map<ElkNode, String> captions = new LinkedHashMap<>();
        Map<String, ElkNode> functionNodes = new LinkedHashMap<>();
        Map<String, ElkNode> clusterNodes = new LinkedHashMap<>();
        for (String node : plan.usedNodes()) {
            ElkNode box = compound(root, TITLE + 6);
            captions.put(box, node);
            clusterNodes.put(node, box);
        }
        for (GroupPlan group : plan.groups()) {
            ElkNode box = compound(clusterNodes.get(group.node()), TITLE);
            captions.put(box, group.id() + " (" + group.functions().size() + ")");
            for (String function : group.functions()) {
                ElkNode f = ElkGraphUtil.createNode(box);
                f.setDimensions(Math.max(70, 7.2 * function.length() + 20), 28);
                functionNodes.put(function, f);
            }
        }
        List<ElkEdge> edges = new ArrayList<>();
        Map<ElkEdge, Destination> tiers = new LinkedHashMap<>();
        for (FunctionDef f : workflow.functions()) {
            for (String next : workflow.successorNames(f.name())) {
                ElkNode from = functionNodes.get(f.name());
                ElkNode to = functionNodes.get(next);
                if (from == null || to == null) {
                    continue;
                }
                ElkEdge e = ElkGraphUtil.createSimpleEdge(from, to);
                ElkGraphUtil.updateContainment(e);
                edges.add(e);
                tiers.put(e, tier(plan, f.name(), next));
            }
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        Svg svg = new Svg();
        int[] edgeCounts = edgesInMemory(workflow, plan);
        svg.text(20, 24, workflow.name() + ": " + workflow.size() + " functions in " + plan.groups().size()
                + " groups on " + plan.usedNodes().size() + " nodes; " + edgeCounts[0] + " of " + edgeCounts[1]
                + " edges in node memory", "font-size=\"15\" font-weight=\"bold\"");
        legend(svg, 20, 44);
        for (Map.Entry<ElkNode, String> c : captions.entrySet()) {
            ElkNode n = c.getKey();
            boolean cluster = n.getParent() == root;
            double[] at = absolute(n);
            svg.rect(at[0], at[1], n.getWidth(), n.getHeight(), cluster ? "#eceff1" : "#e3f2fd",
                    cluster ? "#546e7a" : "#64b5f6", null);
            svg.text(at[0] + 8, at[1] + 16, c.getValue(), cluster ? "font-weight=\"bold\"" : "fill=\"#1565c0\"");
        }
        for (Map.Entry<String, ElkNode> f : functionNodes.entrySet()) {
            ElkNode n = f.getValue();
            double[] at = absolute(n);
            FunctionDef def = workflow.function(f.getKey());
            boolean virtual = def != null && def.isVirtual();
            svg.rect(at[0], at[1], n.getWidth(), n.getHeight(), "white", "#37474f",
                    virtual ? "stroke-dasharray=\"3 2\"" : null);
            svg.text(at[0] + n.getWidth() / 2, at[1] + 18, f.getKey(), "text-anchor=\"middle\"");
        }
        for (ElkEdge e : edges) {
            boolean memory = tiers.get(e) == Destination.MEM;
            double[] offset = absolute(e.getContainingNode());
            for (ElkEdgeSection s : e.getSections()) {
                List<Double> points = new ArrayList<>();
                points.add(offset[0] + s.getStartX());
                points.add(offset[1] + s.getStartY());
                for (ElkBendPoint p : s.getBendPoints()) {
                    points.add(offset[0] + p.getX());
                    points.add(offset[1] + p.getY());
                }
                points.add(offset[0] + s.getEndX());
                points.add(offset[1] + s.getEndY());
                svg.path(points.stream().mapToDouble(Double::doubleValue).toArray(), memory ? MEMORY : REMOTE,
                        "stroke-width=\"1.5\" marker-end=\"url(#arrow)\"" + (memory ? "" : " stroke-dasharray=\"6 3\""));
            }
        }
        return svg.document(Math.max(root.getWidth(), 460), root.getHeight());
    }

    private static ElkNode compound(ElkNode parent, double top) {
        ElkNode box = ElkGraphUtil.createNode(parent);
        box.setProperty(CoreOptions.PADDING, new ElkPadding(top, 12, 12, 12));
        return box;
    }

    private static void legend(Svg svg, double x, double y) {
        svg.line(x, y, x + 30, y, MEMORY, "stroke-width=\"1.5\"").text(x + 36, y + 4, "node memory (MEM)", null);
        svg.line(x + 170, y, x + 200, y, REMOTE, "stroke-width=\"1.5\" stroke-dasharray=\"6 3\"")
                .text(x + 206, y + 4, "remote store (DB)", null);
    }

    /** The top-left corner of {@code node} in the root's coordinates. */
    private static double[] absolute(ElkNode node) {
        double x = 0;
        double y = 0;
        for (ElkNode n = node; n != null && n.getParent() != null; n = n.getParent()) {
            x += n.getX();
            y += n.getY();
        }
        return new double[] {x, y};
    }
}
