package dev.faasflow.coordinator.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChromeTraceTest {
    private static FunctionRecord run(String fn, String node, long start, long end, double queuedMs, int attempt,
                                      String error) {
        return new FunctionRecord(fn, node, null, (end - start) / 1000.0, 0, 10, 20, false, start, end, queuedMs,
                attempt, error);
    }

    private static List<JsonNode> spans(ObjectNode trace, String category) {
        List<JsonNode> out = new ArrayList<>();
        trace.get("traceEvents").forEach(e -> {
            if ("X".equals(e.path("ph").asText()) && category.equals(e.path("cat").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void everyAttemptIsASpanOnItsNodeAndOverlappingOnesGetTheirOwnLanes() {
        List<FunctionRecord> records = List.of(
                run("a", "node-0", 1_000_000, 1_100_000, 0, 1, null),
                run("b", "node-0", 1_050_000, 1_200_000, 2.5, 1, null), // overlaps a, waited 2.5 ms for a slot
                run("c", "node-0", 1_150_000, 1_300_000, 0, 1, null), // after a: a's lane again
                run("d", "node-1", 1_120_000, 1_130_000, 0, 1, "boom"),
                run("d", "node-1", 1_140_000, 1_160_000, 0, 2, null),
                run("e", "node-1", 0, 0, 0, 1, null)); // no times from its runtime: left out, counted
        InvocationResult r = new InvocationResult("inv-1", "wf", InvocationPhase.SUCCEEDED, null, null, 1_000, 1_300,
                300, 10, 0, 0, 0, Map.of(), List.of("a", "c"), records, List.of());
        ObjectNode trace = ChromeTrace.of(List.of(r));

        List<JsonNode> functions = spans(trace, "function");
        assertEquals(4, functions.size());
        assertEquals(1, spans(trace, "failed attempt").size(), "d's first attempt");
        assertEquals(1, trace.at("/otherData/attemptsWithoutTimes").asInt());
        JsonNode a = functions.stream().filter(e -> e.path("name").asText().equals("a")).findFirst().orElseThrow();
        JsonNode b = functions.stream().filter(e -> e.path("name").asText().equals("b")).findFirst().orElseThrow();
        JsonNode c = functions.stream().filter(e -> e.path("name").asText().equals("c")).findFirst().orElseThrow();
        assertEquals(1_000_000, a.path("ts").asLong());
        assertEquals(100_000, a.path("dur").asLong());
        assertEquals(a.path("pid").asInt(), b.path("pid").asInt(), "one process per node");
        assertTrue(a.path("tid").asInt() != b.path("tid").asInt(), "overlapping spans never share a lane");
        assertEquals(a.path("tid").asInt(), c.path("tid").asInt(), "a free lane is used again");
        assertEquals("inv-1", b.at("/args/invocation").asText());

        List<JsonNode> queued = spans(trace, "queue");
        assertEquals(1, queued.size());
        assertEquals(1_050_000 - 2_500, queued.get(0).path("ts").asLong(), "the wait ends where the run starts");
        assertEquals(2_500, queued.get(0).path("dur").asLong());

        JsonNode inv = spans(trace, "invocation").get(0);
        assertEquals(1_000_000, inv.path("ts").asLong());
        assertEquals(300_000, inv.path("dur").asLong());
        assertEquals("a > c", inv.at("/args/criticalPath").asText());
        List<String> processes = new ArrayList<>();
        trace.get("traceEvents").forEach(e -> {
            if ("process_name".equals(e.path("name").asText())) {
                processes.add(e.at("/args/name").asText());
            }
        });
        assertEquals(List.of("invocations", "node-0", "node-1"), processes);
    }
}
