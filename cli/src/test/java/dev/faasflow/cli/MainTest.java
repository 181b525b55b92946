package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.workflow.Benchmarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void planJsonHasTheDocumentedShape() throws Exception {
        Result r = run("plan", "video", "--nodes", "7", "--slots", "120", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertEquals("video", plan.get("workflow").asText());
        assertEquals(2, plan.get("groups").size());
        assertEquals(5, plan.get("groups").get(0).get("functions").size());
        JsonNode transcode = plan.get("functions").get("transcode");
        for (String field : List.of("node", "group", "destination", "predecessors")) {
            assertTrue(transcode.has(field), field);
        }
        assertTrue(plan.get("criticalPath").isArray());
    }

    @Test
    void planTableIsReadable() {
        Result r = run("plan", "wordcount");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("workflow wordcount: 3 functions in 1 groups"), r.out());
        assertTrue(r.out().contains("FUNCTION"), r.out());
    }

    @Test
    void badWorkflowExitsTwoWithOneLinePerProblem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                functions:
                - name: a
                  runtime: -1
                  next: {type: pass, nodes: [nope]}
                - name: a
                """);
        Result r = run("plan", bad.toString());
        assertEquals(2, r.status());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith(bad.toString() + ": function 'a'")), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("plan").status());
        assertEquals(2, run("plan", "video", "--bogus").status());
        Result r = run("plan", "video", "--data-mode", "fast");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown data mode 'fast'"), r.err());
        assertEquals(2, run("frobnicate").status());
        assertEquals(2, run("plan", "no-such-file.yaml").status());
        assertEquals(2, run().status());
        assertEquals(2, run("bench").status());
        assertEquals(2, run("bench", "nope").status());
    }

    /** Exit 2 and exactly one line on stderr that names the option and says what it takes; no trace. */
    static void assertOneLineUsageError(String option, String expected, String... args) {
        Result r = run(args);
        assertEquals(2, r.status(), String.join(" ", args) + " -> " + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(option), lines.get(0));
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), r.err());
    }

    @Test
    void outOfRangeValuesNameTheOptionAndTheRange() {
        assertOneLineUsageError("--nodes", "from 1 to 100,000, got 0", "plan", "video", "--nodes", "0");
        assertOneLineUsageError("--nodes", "from 1 to 100,000, got -3", "plan", "video", "--nodes", "-3");
        assertOneLineUsageError("--nodes", "'abc' is not an int", "plan", "video", "--nodes", "abc");
        assertOneLineUsageError("--slots", "from 1 to 1,000,000", "plan", "video", "--slots", "0");
        assertOneLineUsageError("--quota", "from 0 to", "plan", "video", "--quota", "-1");
        assertOneLineUsageError("--nodes-file", "replaces --nodes", "plan", "video", "--nodes-file", "x", "--nodes", "3");
        assertOneLineUsageError("--nodes", "from 1 to 256, got 100,000", "run", "video", "--nodes", "100000");
        assertOneLineUsageError("--invocations", "from 1 to 1,000,000, got 0", "run", "video", "--invocations", "0");
        assertOneLineUsageError("--invocations", "got 2,000,000", "run", "video", "--invocations", "2000000");
        assertOneLineUsageError("--concurrency", "from 1 to 10,000, got -1", "run", "video", "--concurrency", "-1");
        assertOneLineUsageError("--time-scale", "from 0 to 100, got NaN", "run", "video", "--time-scale", "NaN");
        assertOneLineUsageError("--time-scale", "got -1.0", "run", "video", "--time-scale", "-1");
        assertOneLineUsageError("--time-scale", "got Infinity", "run", "video", "--time-scale", "Infinity");
        assertOneLineUsageError("--time-scale", "got 1.0E9", "run", "video", "--time-scale", "1e9");
        assertOneLineUsageError("--timeout", "from 0.001 to 86,400, got 0.0", "run", "video", "--timeout", "0");
        assertOneLineUsageError("--timeout", "got NaN", "run", "video", "--timeout", "NaN");
        assertOneLineUsageError("--node-memory", "from 0 to 1,048,576, got -1", "run", "video", "--node-memory", "-1");
        assertOneLineUsageError("--node-memory", "got 9,999,999,999", "run", "video", "--node-memory", "9999999999");
        assertOneLineUsageError("--cold-start-ms", "from 0 to 600,000, got -5", "run", "video", "--cold-start-ms", "-5");
        assertOneLineUsageError("--function-calls", "http or in-process", "run", "video", "--function-calls", "carrier-pigeon");
        assertOneLineUsageError("--control-mode", "WorkerSP or MasterSP", "run", "video", "--control-mode", "Both");
        assertOneLineUsageError("--input", "not valid JSON", "run", "video", "--input", "{\"a\": ");
        assertOneLineUsageError("[1]", "no such file", "run", "video", "--input", "[1]");
        assertOneLineUsageError("--repeats", "from 1 to 1,000, got 0", "bench", "engine", "--repeats", "0");
        assertOneLineUsageError("--time-scale", "got -0.5", "bench", "engine", "--time-scale", "-0.5");
        assertOneLineUsageError("--rate", "from 1 to 100,000, got 0", "bench", "store", "--rate", "0");
        assertOneLineUsageError("--rate", "'fast' is not an int", "bench", "store", "--rate", "fast");
    }

    @Test
    void aBadRemoteIsBadInputExitTwo() throws Exception {
        assertOneLineUsageError("--remote", "must look like redis://host:port", "run", "video", "--remote", "nowhere");
        assertOneLineUsageError("--remote", "needs a port from 1 to 65535", "run", "video", "--remote", "redis://localhost");
        assertOneLineUsageError("--redis", "needs a port", "bench", "store", "--redis", "redis://h:70000");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertOneLineUsageError("--remote", "redis://127.0.0.1:" + closed + " is unavailable", "run", "wordcount",
                "--nodes", "1", "--remote", "redis://127.0.0.1:" + closed);
    }

    @Test
    void runPrintsMediansAndP99OfTheInvocations() throws Exception {
        Result r = run("run", "wordcount", "--nodes", "2", "--invocations", "4", "--concurrency", "2", "--time-scale", "0",
                "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode summary = new ObjectMapper().readTree(r.out()).get("summary");
        assertEquals(4, summary.get("succeeded").asInt());
        assertTrue(summary.get("e2eMsMedian").asDouble() > 0, summary.toString());
        assertTrue(summary.get("e2eMsP99").asDouble() >= summary.get("e2eMsMedian").asDouble(), summary.toString());
    }

    @Test
    void planAndRunDrawTheirPictures(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("plan.svg");
        Result p = run("plan", "wordcount", "--nodes", "2", "--svg", plan.toString());
        assertEquals(0, p.status(), p.err());
        assertTrue(p.err().contains("plan of wordcount drawn in " + plan), p.err());
        String planSvg = java.nio.file.Files.readString(plan);
        assertTrue(planSvg.startsWith("<?xml") && planSvg.contains(">merge</text>"), planSvg);
        Path timeline = dir.resolve("timeline.svg");
        Result r = run("run", "wordcount", "--nodes", "2", "--time-scale", "0.01", "--timeline", timeline.toString());
        assertEquals(0, r.status(), r.err());
        String timelineSvg = java.nio.file.Files.readString(timeline);
        assertTrue(timelineSvg.contains("critical path") && timelineSvg.contains("Succeeded"), timelineSvg);
        Result bad = run("plan", "wordcount", "--svg", dir.resolve("no/such/folder/x.svg").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--svg: ") && bad.err().contains("is not a file in an existing folder"), bad.err());
    }

    @Test
    void serveKeepsAnEngineWithItsConsoleForAWhile() throws Exception {
        Result r = run("serve", "wordcount", "--nodes", "2", "--invocations", "1", "--time-scale", "0.01", "--seconds", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("(?s)console: http://127\\.0\\.0\\.1:\\d+/console/#token=\\S{32,}\n.*"), r.out());
        assertTrue(r.out().contains("1 workflows installed on 2 nodes"), r.out());
    }

    @Test
    void runWritesATraceThatHasEveryFunctionRunOnItsNode(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("run.trace.json");
        Result r = run("run", "video", "--nodes", "2", "--invocations", "2", "--time-scale", "0.01", "--json",
                "--trace", trace.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("trace of 2 invocations written to " + trace), r.err());
        JsonNode events = new ObjectMapper().readTree(trace.toFile()).get("traceEvents");
        Map<String, Integer> spansOfFunction = new HashMap<>();
        Set<String> nodes = new HashSet<>();
        int invocationSpans = 0;
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText())) {
                if ("function".equals(e.path("cat").asText())) {
                    spansOfFunction.merge(e.path("name").asText().replaceAll("\\[.*", ""), 1, Integer::sum);
                }
                invocationSpans += "invocation".equals(e.path("cat").asText()) ? 1 : 0;
                assertTrue(e.path("dur").asLong() > 0 && e.path("ts").asLong() > 0, e.toString());
            } else if ("process_name".equals(e.path("name").asText())) {
                nodes.add(e.path("args").path("name").asText());
            }
        }
        assertEquals(2, invocationSpans);
        Set<String> declared = new HashSet<>();
        Benchmarks.load("video").functions().forEach(f -> declared.add(f.name()));
        assertTrue(declared.containsAll(spansOfFunction.keySet()), spansOfFunction + " of " + declared);
        for (String f : List.of("split", "transcode", "merge", "upload")) { // the path every video run takes
            assertTrue(spansOfFunction.getOrDefault(f, 0) >= 2, "two runs of " + f + ": " + spansOfFunction);
        }
        assertTrue(nodes.size() >= 2, "the invocations and at least one node: " + nodes);
        assertEquals(0, new ObjectMapper().readTree(trace.toFile()).path("otherData").path("attemptsWithoutTimes").asInt());

        Result bad = run("run", "video", "--trace", dir.resolve("no/such/folder/t.json").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--trace: ") && bad.err().contains("is not a file in an existing folder"), bad.err());
    }

    @Test
    void processOptionsNameWhatTheyNeed() {
        assertOneLineUsageError("--netns", "needs --processes", "run", "video", "--netns");
        assertOneLineUsageError("--rtt-ms", "needs --processes", "run", "video", "--rtt-ms", "1");
        assertOneLineUsageError("--rtt-ms", "needs --netns", "run", "video", "--processes", "--rtt-ms", "1");
        assertOneLineUsageError("--storage-mbps", "needs --netns", "run", "video", "--processes", "--storage-mbps", "50");
        assertOneLineUsageError("--rtt-ms", "from 0 to 10,000", "run", "video", "--processes", "--netns", "--rtt-ms", "-1");
        assertOneLineUsageError("--storage-mbps", "leave out --remote", "run", "video", "--processes", "--netns",
                "--storage-mbps", "50", "--remote", "redis://127.0.0.1:6379");
        assertOneLineUsageError("--scenario", "unknown scenario 'meteor'", "bench", "faults", "--scenario", "none,meteor");
        assertOneLineUsageError("--invocations", "from 1 to 1,000,000, got 0", "bench", "faults", "--invocations", "0");
        assertOneLineUsageError("--rate", "got -1.0", "bench", "faults", "--rate", "-1");
    }

    @Test
    void runWithProcessesReportsAsTheEmbeddedRunDoes() throws Exception {
        Result r = run("run", "wordcount", "--nodes", "2", "--invocations", "3", "--time-scale", "0", "--processes", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals(3, report.get("summary").get("succeeded").asInt(), r.out());
        assertEquals(3, report.get("invocations").size());
        assertEquals(0, report.get("statesLeft").asInt(), r.out());
        assertEquals(0, report.get("localBytesLeft").asInt(), r.out());
    }

    @Test
    void runShowsHowLongFunctionsQueuedForTheirNodesSlots() throws Exception {
        // One node of 3 slots: one function of scale 3 at a time, so WordCount's parallel counts wait their turn.
        Result r = run("run", "wordcount", "--nodes", "1", "--slots", "3", "--time-scale", "0.01", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode inv = new ObjectMapper().readTree(r.out()).get("invocations").get(0);
        assertTrue(inv.get("queuedMs").asDouble() > 0, inv.toString());
        assertTrue(inv.get("maxQueuedMs").asDouble() > 0 && inv.get("maxQueuedMs").asDouble() <= inv.get("queuedMs").asDouble());
        assertTrue(inv.get("queuedMsByFunction").size() > 0, inv.toString());
        Result table = run("run", "wordcount", "--nodes", "1", "--slots", "3", "--time-scale", "0");
        assertEquals(0, table.status(), table.err());
        assertTrue(table.out().contains("QUEUED MS"), table.out());
        assertOneLineUsageError("--slots", "from 1 to 1,000,000, got 0", "run", "wordcount", "--slots", "0");
    }

    @Test
    void aFailedJobExitsOneWithoutATrace() {
        Result r = run("run", "wordcount", "--nodes", "1", "--timeout", "0.001");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("TimedOut"), r.out());
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r.err());
    }

    @Test
    void anErrorDeepInsideIsOneLineNotAThousand(@TempDir Path dir) throws Exception {
        // A switch condition nested deeper than any stack: the parser may overflow or refuse it, but either way
        // the user sees a line or two, never a trace.
        Path deep = dir.resolve("deep.yaml");
        Files.writeString(deep, "functions:\n- name: a\n  next: {type: switch, nodes: [b], conditions: ['"
                + "!".repeat(200_000) + "x']}\n- name: b\n");
        Result r = run("plan", deep.toString());
        assertTrue(r.status() == 1 || r.status() == 2, r.err());
        assertTrue(r.err().lines().count() <= 3, r.err().substring(0, Math.min(300, r.err().length())));
        assertFalse(r.err().contains("\tat "), r.err().substring(0, Math.min(300, r.err().length())));
    }

    @Test
    void debugShowsWhereAnUnexpectedFailureHappened() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(1, Main.unexpected(new StackOverflowError(), "faasflow run", false, err));
        assertEquals("faasflow run: failed: StackOverflowError (--debug shows where)\n", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        assertEquals(1, Main.unexpected(new IllegalStateException("boom"), "faasflow run", true, err));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("faasflow run: failed: boom\n") && text.contains("\tat "), text);
        assertTrue(run("--debug", "plan", "video", "--nodes", "0").err().contains("--nodes"), "--debug is accepted first");
        assertEquals(0, run("plan", "video", "--debug").status(), "and after the command");
    }

    @Test
    void helpIsGeneratedForEveryCommand() {
        Result top = run("--help");
        assertEquals(0, top.status(), top.err());
        for (String command : List.of("plan", "import", "run", "bench", "completion")) {
            assertTrue(top.out().contains("  " + command + " "), top.out());
        }
        Result plan = run("plan", "--help");
        assertEquals(0, plan.status());
        assertTrue(plan.out().startsWith("Usage: ./faasflow plan FILE [--nodes 7] [--slots 120]"), plan.out());
        assertTrue(plan.out().contains("Default: 7"), plan.out());
        assertEquals(0, run("help", "run").status());
        assertTrue(run("bench", "store", "-h").out().contains("--limited-link"));
        assertTrue(run("bench", "faults", "-h").out().contains("--scenario"));
    }

    @Test
    void completionPrintsABashScript() {
        Result r = run("completion");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("complete -F") && r.out().contains("faasflow"), r.out().substring(0, 200));
        for (String word : List.of("plan", "run", "bench", "--control-mode", "WorkerSP", "MasterSP", "optimized")) {
            assertTrue(r.out().contains(word), word);
        }
    }

    @Test
    void tooFewNodesStillPlanAndSayHowOversubscribed() {
        Result r = run("plan", "cycles", "--nodes", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("oversubscribed: the functions need 138 slots, the nodes offer 96"), r.out());
        assertTrue(r.out().contains("node-0        120     96.0    138  1.44x"), r.out());
    }

    @Test
    void importPrintsAFlatWorkflowThatPlans(@TempDir Path dir) throws Exception {
        Path trace = Path.of("..", "workflow", "src", "test", "resources", "wfcommons", "diamond-1.5.json");
        Result printed = run("import", trace.toString());
        assertEquals(0, printed.status(), printed.err());
        assertTrue(printed.out().contains("functions:"), printed.out());
        Result written = run("import", trace.toString(), "--output", dir.toString());
        assertEquals(0, written.status(), written.err());
        assertTrue(Files.isRegularFile(dir.resolve("flat_workflow.yaml")));
        Result plan = run("plan", dir.toString(), "--json");
        assertEquals(0, plan.status(), plan.err());
        Result bad = run("import", Path.of("..", "workflow", "src", "test", "resources", "wfcommons", "bad-cycle-1.5.json").toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("cycle"), bad.err());
    }
}
