package dev.faasflow.grouping;

import dev.faasflow.workflow.DataMode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.workflow.Destination;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a plan as one JSON object or as a table a person reads. */
public final class PlanRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanRenderer() {
    }

    public static ObjectNode toJson(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("workflow", plan.workflow());
        root.put("dataMode", plan.dataMode().label());
        root.put("slotsNeeded", plan.slotsNeeded());
        root.put("slotsOffered", round(plan.slotsOffered()));
        root.put("oversubscription", round(plan.oversubscription()));
        ArrayNode nodes = root.putArray("nodes");
        plan.nodeLoads().forEach(n -> nodes.addObject().put("name", n.node()).put("slots", n.slots())
                .put("capacity", round(n.capacity())).put("usedSlots", n.usedSlots()).put("load", round(n.factor())));
        ArrayNode groups = root.putArray("groups");
        for (GroupPlan g : plan.groups()) {
            ObjectNode o = groups.addObject();
            o.put("id", g.id());
            o.put("node", g.node());
            o.put("slots", g.slots());
            ArrayNode fs = o.putArray("functions");
            g.functions().forEach(fs::add);
        }
        ObjectNode functions = root.putObject("functions");
        for (Map.Entry<String, FunctionPlan> e : plan.functions().entrySet()) {
            FunctionPlan f = e.getValue();
            ObjectNode o = functions.putObject(e.getKey());
            o.put("node", f.node());
            o.put("group", f.group());
            o.put("destination", f.destination().label());
            o.put("predecessors", f.predecessors());
            ArrayNode succ = o.putArray("successors");
            f.successors().forEach(succ::add);
            o.put("start", f.start());
            o.put("foreach", f.foreach());
            o.put("merge", f.merge());
        }
        ArrayNode critical = root.putArray("criticalPath");
        plan.criticalPath().forEach(critical::add);
        root.put("criticalPathBeforeSeconds", round(plan.criticalPathBeforeSeconds()));
        root.put("criticalPathAfterSeconds", round(plan.criticalPathAfterSeconds()));
        root.put("merges", plan.merges());
        root.put("stopReason", plan.stopReason());
        root.put("quotaBytes", plan.quotaBytes());
        root.put("memoryPlannedBytes", plan.memoryPlannedBytes());
        return root;
    }

    /** Reads back what {@link #toJson} wrote (plans travel to agents and into resource status as JSON). */
    public static Plan fromJson(JsonNode root) {
        List<NodeSpec> nodes = new ArrayList<>();
        root.path("nodes").forEach(n -> nodes.add(new NodeSpec(n.path("name").asText(), n.path("slots").asInt())));
        List<GroupPlan> groups = new ArrayList<>();
        for (JsonNode g : root.path("groups")) {
            List<String> fs = new ArrayList<>();
            g.path("functions").forEach(f -> fs.add(f.asText()));
            groups.add(new GroupPlan(g.path("id").asText(), g.path("node").asText(), fs, g.path("slots").asInt()));
        }
        Map<String, FunctionPlan> functions = new LinkedHashMap<>();
        root.path("functions").fields().forEachRemaining(e -> {
            JsonNode f = e.getValue();
            List<String> succ = new ArrayList<>();
            f.path("successors").forEach(s -> succ.add(s.asText()));
            functions.put(e.getKey(), new FunctionPlan(f.path("node").asText(), f.path("group").asText(),
                    Destination.fromLabel(f.path("destination").asText("DB")), f.path("predecessors").asInt(), succ,
                    f.path("start").asBoolean(), f.path("foreach").asBoolean(), f.path("merge").asBoolean()));
        });
        List<String> critical = new ArrayList<>();
        root.path("criticalPath").forEach(c -> critical.add(c.asText()));
        return new Plan(root.path("workflow").asText(), DataMode.parse(root.path("dataMode").asText("optimized")),
                nodes, groups, functions, critical, root.path("criticalPathBeforeSeconds").asDouble(),
                root.path("criticalPathAfterSeconds").asDouble(), root.path("merges").asInt(),
                root.path("stopReason").asText(""), root.path("quotaBytes").asLong(),
                root.path("memoryPlannedBytes").asLong());
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    public static String toTable(Plan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "workflow %s: %d functions in %d groups on %d of %d nodes (data mode %s)%n",
                plan.workflow(), plan.functions().size(), plan.groups().size(), plan.usedNodes().size(),
                plan.nodes().size(), plan.dataMode().label()));
        sb.append(String.format(Locale.ROOT, "merges: %d; stopped: %s%n", plan.merges(), plan.stopReason()));
        sb.append(String.format(Locale.ROOT, "critical path: %.3f s before grouping, %.3f s after (%d functions)%n",
                plan.criticalPathBeforeSeconds(), plan.criticalPathAfterSeconds(), plan.criticalPath().size()));
        sb.append(String.format(Locale.ROOT, "memory quota: %s, planned in memory: %s%n",
                bytes(plan.quotaBytes()), bytes(plan.memoryPlannedBytes())));
        if (plan.oversubscription() > 1) {
            sb.append(String.format(Locale.ROOT, "oversubscribed: the functions need %d slots, the nodes offer %.0f (0.8 x slots): "
                    + "%.2fx; functions wait for free slots at run time%n", plan.slotsNeeded(), plan.slotsOffered(),
                    plan.oversubscription()));
        }
        sb.append(String.format(Locale.ROOT, "%n%-10s %6s %8s %6s %6s%n", "NODE", "SLOTS", "CAPACITY", "USED", "LOAD"));
        for (NodeLoad n : plan.nodeLoads()) {
            sb.append(String.format(Locale.ROOT, "%-10s %6d %8.1f %6d %5.2fx%n", n.node(), n.slots(), n.capacity(),
                    n.usedSlots(), n.factor()));
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-6s %-10s %6s %5s%n", "GROUP", "NODE", "SLOTS", "SIZE"));
        for (GroupPlan g : plan.groups()) {
            sb.append(String.format(Locale.ROOT, "%-6s %-10s %6d %5d%n", g.id(), g.node(), g.slots(), g.functions().size()));
        }
        int width = Math.max(8, plan.functions().keySet().stream().mapToInt(String::length).max().orElse(8));
        sb.append('\n').append(String.format(Locale.ROOT, "%-" + width + "s %-6s %-10s %-7s %5s  %s%n",
                "FUNCTION", "GROUP", "NODE", "DEST", "PREDS", "FLAGS"));
        for (Map.Entry<String, FunctionPlan> e : plan.functions().entrySet()) {
            FunctionPlan f = e.getValue();
            String flags = (f.start() ? "start " : "") + (f.foreach() ? "foreach " : "") + (f.merge() ? "merge " : "")
                    + (plan.criticalPath().contains(e.getKey()) ? "critical" : "");
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %-6s %-10s %-7s %5d  %s%n", e.getKey(), f.group(),
                    f.node(), f.destination().label(), f.predecessors(), flags.strip()));
        }
        return sb.toString();
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        if (b >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }
}
