package dev.faasflow.operator.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.faasflow.agent.protocol.FunctionRecord;
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
    void theStatusSaysWhereTheTimeWentAndListsTheAttemptsOfASmallInvocation() {
        List<FunctionRecord> attempts = List.of(
                new FunctionRecord("split", "node-a", null, 20, 2, 0, 100, true, 1_000_000, 1_020_000, 0, 1, null),
                new FunctionRecord("count", "node-b", 0, 900, 5, 50, 10, false, 1_030_000, 1_930_000, 12.5, 1, "boom"),
                new FunctionRecord("count", "node-b", 0, 300, 5, 50, 10, false, 1_940_000, 2_240_000, 0, 2, null));
        InvocationResult result = new InvocationResult("inv-2", "ns.wc", InvocationPhase.SUCCEEDED, null, null,
                1_000, 2_500, 1300, 40, 12, 110, 60, Map.of(), List.of("split", "count"), attempts, List.of());
        InvocationStatus s = InvocationStatuses.ended(invocation(), null, result.phase(), null, null, result);
        assertEquals(List.of("split", "count"), s.getTrace().getCriticalPath());
        assertEquals("count[0] on node-b (900ms)", s.getTrace().getSlowestFunction());
        assertEquals(110L, s.getTrace().getBytesLocal());
        assertEquals(60L, s.getTrace().getBytesRemote());
        assertEquals(3, s.getTrace().getAttempts());
        assertEquals(1L, s.getTrace().getFailedAttempts());
        assertEquals(1L, s.getTrace().getColdStarts());
        assertEquals(12.5, s.getTrace().getQueuedMs());
        assertEquals(List.of("split", "count", "count"), s.getFunctions().stream().map(f -> f.getName()).toList());
        assertEquals("Failed", s.getFunctions().get(1).getPhase());
        assertEquals("boom", s.getFunctions().get(1).getMessage());
        assertEquals(2, s.getFunctions().get(2).getAttempt());
        assertEquals(null, s.getFunctionsOmitted());

        List<FunctionRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i <= InvocationStatuses.MAX_FUNCTIONS_IN_STATUS; i++) {
            many.add(new FunctionRecord("f", "node-a", i, 1, 0, 0, 0, false, 1_000 + i, 2_000 + i, 0, 1, null));
        }
        InvocationStatus big = InvocationStatuses.ended(invocation(), null, InvocationPhase.SUCCEEDED, null, null,
                new InvocationResult("inv-3", "ns.wc", InvocationPhase.SUCCEEDED, null, null, 1_000, 2_000, 5, 1, 0, 0,
                        0, Map.of(), List.of("f"), many, List.of()));
        assertEquals(null, big.getFunctions(), "a big invocation's attempts are on the gateway, not in the object");
        assertEquals(101, big.getFunctionsOmitted());
        assertEquals(101, big.getTrace().getAttempts());
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
