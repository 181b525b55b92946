package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
