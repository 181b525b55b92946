package dev.faasflow.bench.faults;

import dev.faasflow.processes.ProcessCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every scenario of the fault harness at small scale on one process cluster (in network namespaces as root; without
 * root the two link scenarios are skipped, and the output says so). It checks the harness's accounting (each
 * invocation counted once, in one column; every failure counted with its reason or as one without) and that the
 * scenario without a fault ends every invocation with a reason; what each fault does to the engine is printed, as the
 * harness prints it, and asserted by nobody (the harness measures whatever the engine does).
 */
class FaultBenchmarkTest {
    private static final int PER_SCENARIO = 24;
    private static FaultBenchmark.Report report;
    private static FaultBenchmark.Settings settings;

    @BeforeAll
    static void runEveryScenario() throws Exception {
        boolean root = ProcessCluster.isRoot();
        if (!root) {
            System.out.println("FaultBenchmarkTest: not root, so plain processes on loopback; link-drop and link-delay are skipped");
        }
        settings = new FaultBenchmark.Settings(PER_SCENARIO, 12, 20, 0.1, 1.5, 5, List.of(), root, false,
                List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), 1);
        report = FaultBenchmark.measure(settings, System.out);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        FaultBenchmark.print(report.layout(), settings, report.results(), new PrintStream(table, true, StandardCharsets.UTF_8));
        System.out.println(table.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyScenarioRunsOrSaysWhyNot() {
        assertEquals(FaultBenchmark.Settings.known(), report.results().stream().map(ScenarioResult::scenario).toList());
        for (ScenarioResult r : report.results()) {
            boolean link = r.scenario().startsWith("link-");
            if (r.skipped() != null) {
                assertTrue(link && !ProcessCluster.isRoot() || r.skipped().contains("netem"), r.scenario() + ": " + r.skipped());
            } else {
                assertEquals(PER_SCENARIO, r.sent(), r.scenario());
            }
        }
    }

    @Test
    void eachInvocationIsCountedOnceWithItsReason() {
        for (ScenarioResult r : report.results()) {
            assertEquals(r.sent(), r.succeeded() + r.failed() + r.timedOut() + r.lost(), r.scenario());
            int notOk = r.failed() + r.timedOut() + r.lost();
            int withReason = r.reasons().values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(notOk, withReason + r.failedWithoutReason(), r.scenario() + ": " + r.reasons());
            assertTrue(r.late() <= r.sent() - r.lost(), r.scenario());
        }
    }

    @Test
    void withoutAFaultEveryInvocationEndsWithAReason() {
        // Whether each succeeds within its timeout depends on the machine's load; that it ends, with a reason, does not.
        ScenarioResult none = FaultBenchmark.find(report.results(), "none").orElseThrow();
        assertNull(none.skipped());
        assertEquals(0, none.lost(), none.reasons().toString());
        assertEquals(0, none.failedWithoutReason(), none.reasons().toString());
        assertTrue(none.succeeded() > 0, none.reasons().toString());
    }

    @Test
    void withRetriesEveryFunctionOfTheWorkloadIsRetried() throws Exception {
        assertEquals(0, FaultBenchmark.workload(0).retryOf("join").limit());
        dev.faasflow.workflow.Workflow wf = FaultBenchmark.workload(3);
        for (String f : List.of("fetch", "left", "right", "join")) {
            assertEquals(3, wf.retryOf(f).limit(), f);
        }
    }

    @Test
    void theGoalColumnNamesWhatWasMissed() {
        ScenarioResult clean = new ScenarioResult("x", "x", 3, 3, 0, 0, 0, 0, 0, java.util.Map.of(), 0, 0, 0, java.util.List.of(), 1, null);
        assertEquals("met", FaultBenchmark.goal(clean));
        ScenarioResult bad = new ScenarioResult("x", "x", 3, 1, 0, 1, 1, 1, 1, java.util.Map.of(), 1, 0, 2, java.util.List.of("faasflow:{inv-1}:out"), 1, null);
        assertEquals("NOT met: lost, left behind, no reason, late", FaultBenchmark.goal(bad));
        assertEquals("no value for key 'l' in invocation 'inv-…' (store URL N left)",
                FaultBenchmark.blank("no value for key 'l' in invocation 'inv-4692264fe603' (store http://10.0.0.1:7070: 3 left)"));
    }
}
