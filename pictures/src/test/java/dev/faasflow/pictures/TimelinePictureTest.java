package dev.faasflow.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.workflow.InvocationPhase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One invocation's timeline: a bar per attempt at its time, overlapping ones on separate lanes, the critical path red. */
class TimelinePictureTest {

    @Test
    void barsFollowTheAttemptsTimesAndTheCriticalPathIsRed() throws Exception {
        long t = 1_800_000_000_000_000L;
        List<FunctionRecord> attempts = List.of(
                new FunctionRecord("split", "node-a", null, 10, 1, 0, 8, true, t, t + 10_000),
                // two overlapping instances on node-a: two lanes; one on node-b
                new FunctionRecord("count", "node-a", 0, 40, 2, 8, 8, false, t + 12_000, t + 52_000),
                new FunctionRecord("count", "node-a", 1, 30, 2, 8, 8, false, t + 12_000, t + 42_000, 5, 1, null),
                new FunctionRecord("count", "node-b", 2, 20, 2, 8, 8, false, t + 13_000, t + 33_000, 0, 2, null),
                new FunctionRecord("merge", "node-a", null, 8, 1, 24, 8, false, t + 53_000, t + 61_000, 0, 1,
                        "merge: <boom> & more"));
        InvocationResult r = new InvocationResult("inv-1", "wordcount", InvocationPhase.FAILED, "merge", "merge failed",
                0, 0, 61.0, 1, 1, 16, 8, Map.of(), List.of("split", "count", "merge"), attempts, List.of());
        String svg = TimelinePicture.svg(r);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        List<Element> bars = new ArrayList<>();
        NodeList rects = doc.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element e = (Element) rects.item(i);
            String fill = e.getAttribute("fill");
            if ((fill.equals("#c62828") || fill.equals("#ffcdd2")) && Double.parseDouble(e.getAttribute("y")) > 50) {
                bars.add(e);
            }
        }
        assertEquals(5, bars.size(), "every attempt a bar (the critical path's in red, the failed one pale)");
        // split starts at the left edge and lasts 10 of the 61 ms: 1000 px × 10/61.
        Element split = bars.get(0);
        assertEquals(110.0, Double.parseDouble(split.getAttribute("x")), 0.2);
        assertEquals(1000.0 * 10 / 61, Double.parseDouble(split.getAttribute("width")), 0.2);
        // count#0 and count#1 overlap on node-a: different lanes (different y).
        assertTrue(!bars.get(1).getAttribute("y").equals(bars.get(2).getAttribute("y")), svg);
        assertTrue(svg.contains("merge on node-a: 8.00 ms, failed: merge: &lt;boom&gt; &amp; more"), "escaped tooltip");
        assertTrue(svg.contains("queued 5.00 ms"), "the queue wait is shown");
        assertTrue(svg.contains("count#2 (attempt 2) on node-b"), "a retried attempt is named so: " + svg);
        assertTrue(svg.contains(">node-b<"), "a band per node");
    }
}
