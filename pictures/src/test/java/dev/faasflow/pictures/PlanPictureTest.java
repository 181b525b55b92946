package dev.faasflow.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A plan's picture: every function once, inside its group inside its node, no two overlapping, every edge drawn in its tier. */
class PlanPictureTest {

    record Box(double x, double y, double w, double h) {
        boolean inside(Box o) {
            return x >= o.x - 0.5 && y >= o.y - 0.5 && x + w <= o.x + o.w + 0.5 && y + h <= o.y + o.h + 0.5;
        }

        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"video", "genome", "wordcount"})
    void everyFunctionSitsInItsGroupOnItsNodeAndEveryEdgeShowsItsTier(String benchmark) throws Exception {
        Workflow wf = Benchmarks.load(benchmark);
        List<NodeSpec> nodes = List.of(new NodeSpec("node-a", 4), new NodeSpec("node-b", 4), new NodeSpec("node-c", 4));
        Plan plan = GroupingPlanner.plan(wf, nodes, GroupingOptions.defaults());
        String svg = PlanPicture.svg(wf, plan);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));

        List<Box> functions = boxes(doc, "white");
        List<Box> groups = boxes(doc, "#e3f2fd");
        List<Box> clusters = boxes(doc, "#eceff1");
        assertEquals(wf.size(), functions.size(), "one box per function");
        assertEquals(plan.groups().size(), groups.size());
        assertEquals(plan.usedNodes().size(), clusters.size());
        for (Box f : functions) {
            assertTrue(groups.stream().anyMatch(f::inside), "a function outside every group: " + f);
        }
        for (Box g : groups) {
            assertTrue(clusters.stream().anyMatch(g::inside), "a group outside every node: " + g);
        }
        for (int i = 0; i < functions.size(); i++) {
            for (int j = i + 1; j < functions.size(); j++) {
                assertFalse(functions.get(i).overlaps(functions.get(j)), functions.get(i) + " and " + functions.get(j));
            }
        }
        List<String> texts = new ArrayList<>();
        NodeList t = doc.getElementsByTagName("text");
        for (int i = 0; i < t.getLength(); i++) {
            texts.add(t.item(i).getTextContent());
        }
        for (FunctionDef f : wf.functions()) {
            assertTrue(texts.contains(f.name()), f.name() + " is labelled");
        }

        int memory = 0;
        int edges = 0;
        for (FunctionDef f : wf.functions()) {
            for (String next : wf.successorNames(f.name())) {
                edges++;
                memory += PlanPicture.tier(plan, f.name(), next) == Destination.MEM ? 1 : 0;
            }
        }
        NodeList paths = doc.getElementsByTagName("path");
        int drawnMemory = 0;
        int drawn = 0;
        for (int i = 0; i < paths.getLength(); i++) {
            Element p = (Element) paths.item(i);
            if (p.getAttribute("marker-end").isEmpty()) {
                continue; // the arrow head's own path
            }
            drawn++;
            drawnMemory += p.getAttribute("stroke").equals(PlanPicture.MEMORY) ? 1 : 0;
        }
        assertEquals(edges, drawn, "every edge drawn");
        assertEquals(memory, drawnMemory, "the node-memory edges in green, the others dashed orange");
        assertTrue(svg.contains(memory + " of " + edges + " edges in node memory"), svg.substring(0, 400));
    }

    private static List<Box> boxes(Document doc, String fill) {
        List<Box> out = new ArrayList<>();
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("fill").equals(fill) && r.hasAttribute("x")) {
                out.add(new Box(Double.parseDouble(r.getAttribute("x")), Double.parseDouble(r.getAttribute("y")),
                        Double.parseDouble(r.getAttribute("width")), Double.parseDouble(r.getAttribute("height"))));
            }
        }
        return out;
    }
}
