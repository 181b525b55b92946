package dev.faasflow.operator.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The final status of an Invocation as written from the engine's result: times, durations, capped results. */
class InvocationStatusesTest {
    private static InvocationResource invocation() {
        InvocationResource inv = new InvocationResource();
        inv.setMetadata(new ObjectMetaBuilder().withName("wc-1").withNamespace("ns").withUid("u1").withGeneration(3L).build());
        return inv;
    }

    @Test
    void theFinalStatusCarriesTheMeasurementsAndKeepsTheStart() {
        InvocationStatus running = InvocationStatuses.running(invocation(), "inv-1", 60);
        InvocationResult result = new InvocationResult("inv-1", "ns.wc", InvocationPhase.FAILED, "count", "count: boom",
                1_000, 2_500, 1234.5678, 0, 12.3456, 10, 20, Map.of(), List.of(), List.of(), List.of());
        InvocationStatus s = InvocationStatuses.ended(invocation(), running, result.phase(), result.failedFunction(),
                result.message(), result);
        assertEquals(InvocationPhase.FAILED, s.getPhase());
        assertEquals("inv-1", s.getId());
        assertEquals(running.getStartTime(), s.getStartTime());
        assertEquals("1970-01-01T00:00:02Z", s.getCompletionTime());
        assertEquals(1234.568, s.getDurationMs());
        assertEquals("1.235s", s.getDuration());
        assertEquals(12.346, s.getDataOverheadMs());
        assertEquals("count", s.getFailedFunction());
        assertEquals(3L, s.getObservedGeneration());
        assertEquals("TimedOut", InvocationStatuses.ended(invocation(), null, InvocationPhase.TIMED_OUT, null, null, null)
                .getMessage());
    }

    @Test
    void durationsReadLikeKubectlShowsThem() {
        assertEquals("250ms", Durations.human(250.2));
        assertEquals("1.234s", Durations.human(1234));
        assertEquals("2m3s", Durations.human(123_400));
    }

    @Test
    void resultsTooLargeForAStatusBecomeReferencesLargestFirst() {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        results.put("small", TextNode.valueOf("ok"));
        results.put("big", TextNode.valueOf("x".repeat(StatusResults.STATUS_RESULTS_BYTES)));
        Map<String, JsonNode> bounded = StatusResults.bounded(results);
        assertEquals(TextNode.valueOf("ok"), bounded.get("small"));
        assertEquals("big", bounded.get("big").get("key").asText());
        assertTrue(bounded.get("big").get("bytes").asInt() > StatusResults.STATUS_RESULTS_BYTES);
        Map<String, JsonNode> fits = Map.of("small", TextNode.valueOf("ok"));
        assertEquals(fits, StatusResults.bounded(fits), "results that fit stay inline");
    }
}
