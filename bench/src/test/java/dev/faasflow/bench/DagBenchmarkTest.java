package dev.faasflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.grouping.synthetic.SyntheticWorkflows;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness runs a small DAG and reports its bounds and the nodes' queues; its timings are not asserted. */
class DagBenchmarkTest {

    @Test
    void aSmallOversubscribedDagReportsItsBoundsAndQueues() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = DagBenchmark.run(new DagBenchmark.Settings(80, 5, 2, 12, 1, 0.001, 1e-4, 3, true), out, out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        JsonNode r = new ObjectMapper().readTree(text.substring(text.indexOf("{\n")));
        assertEquals(80, r.get("functions").asInt());
        assertEquals(1, r.get("succeeded").asInt());
        assertTrue(r.get("oversubscription").asDouble() > 1, r.toString());
        assertTrue(r.get("criticalPathMs").asDouble() > 0 && r.get("idealMs").asDouble() > 0, r.toString());
        assertEquals(Math.max(r.get("criticalPathMs").asDouble(), r.get("idealMs").asDouble()),
                r.get("lowerBoundMs").asDouble(), 1e-9);
        for (JsonNode n : r.get("nodeSlots")) {
            assertTrue(n.get("peakUsed").asInt() <= 12, n.toString());
            assertEquals(0, n.get("leftUsed").asInt());
            assertEquals(0, n.get("leftWaiting").asInt());
        }
        assertEquals(0, r.get("statesLeft").asInt());
        assertEquals(0, r.get("localBytesLeft").asLong());
    }

    @Test
    void theCriticalPathIsTheLongestChainOfRuntimes() {
        Workflow wf = SyntheticWorkflows.scientific(30, 3, 1);
        double cp = DagBenchmark.criticalPathSeconds(wf);
        // Every stage adds one task's runtime: the path is at least the sum of each stage's shortest task.
        double shortestPerStage = 0;
        for (String program : new String[] {"program01", "program02", "program03"}) {
            shortestPerStage += wf.functions().stream().filter(f -> f.source().equals(program))
                    .mapToDouble(f -> f.runtime()).min().orElseThrow();
        }
        assertTrue(cp >= shortestPerStage - 1e-9, cp + " < " + shortestPerStage);
        double total = wf.functions().stream().mapToDouble(f -> f.runtime()).sum();
        assertTrue(cp < total, "a layered DAG's path is shorter than all its work");
    }
}
