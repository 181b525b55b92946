package dev.faasflow.cli;

import dev.faasflow.fixtures.SmallWorkflows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile inputs a tester tried, through {@code plan} and {@code run}: each exits 2 with one clear line
 * naming the problem and the limit, no stack trace, and without the minutes (or the crash) it used to take.
 */
class HostileInputTest {
    /** Generous: these used to take from 20 s to minutes, or crash; refusing them takes well under a second. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        return assertTimeoutPreemptively(BOUND, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        });
    }

    /** Exit 2, exactly one line on stderr, holding every fragment, and nothing that looks like a trace. */
    static void assertRefusedInOneLine(Result r, String... fragments) {
        assertEquals(2, r.status(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' not in: " + lines.get(0));
        }
        assertTrue(lines.get(0).length() < 400, lines.get(0));
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("Error"), r.err());
    }

    /** A small workflow with a switch; {@code condition} is its first condition (quoted). */
    static String switchWorkflow(String condition) {
        return SmallWorkflows.switchOn("\"" + condition + "\"");
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aConditionNested50000LevelsDeep(@TempDir Path dir) throws IOException {
        String parens = "(".repeat(50_000) + "INPUT.x" + ")".repeat(50_000);
        String nots = "not ".repeat(50_000) + "INPUT.x";
        for (String command : List.of("plan", "run")) {
            // On one YAML line, the line's length is the limit hit first (it is what made YAML slow).
            Path yaml = write(dir, "deep.yaml", switchWorkflow(parens));
            assertRefusedInOneLine(run(command, yaml.toString()), yaml + ": line 11 is 100,036 characters long",
                    "limit for YAML lines");
            // In JSON, or folded over several YAML lines, the condition reaches the parser, which refuses its depth.
            Path json = write(dir, "deep.json", "{\"functions\": [{\"name\": \"v\", \"source\": \"VIRTUAL\", \"next\":"
                    + " {\"type\": \"switch\", \"nodes\": [\"b\"], \"conditions\": [\"" + nots + "\"]}}, {\"name\": \"b\"}]}");
            assertRefusedInOneLine(run(command, json.toString()), json + ": function 'v', field 'next.conditions[0]'",
                    "nested deeper than 32 levels", "limit for conditions");
            Path folded = write(dir, "folded.yaml", switchWorkflow(parens.replace("((((((((((", "((((((((((\n      ")));
            assertRefusedInOneLine(run(command, folded.toString()), "function 'v', field 'next.conditions[0]'",
                    "nested deeper than 32 levels");
        }
    }

    @Test
    void anAliasBombInAFieldTheParserReads(@TempDir Path dir) throws IOException {
        StringBuilder bomb = new StringBuilder("b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("b").append(i).append(": &b").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*b" + (i - 1)))).append("]\n");
        }
        String base = switchWorkflow("INPUT.x");
        List<String> uses = List.of(base.replace("  runtime: 1", "  source: *b9"), base.replace("  runtime: 1", "  runtime: *b9"),
                base.replace("nodes: [v]}", "nodes: [v, *b9]}"));
        for (String use : uses) {
            Path f = write(dir, "bomb.yaml", bomb + use);
            for (String command : List.of("plan", "run")) {
                assertRefusedInOneLine(run(command, f.toString()), f + ": more than 4,000,000 values once aliases are expanded");
            }
        }
    }

    @Test
    void hugeScalars(@TempDir Path dir) throws IOException {
        String base = switchWorkflow("INPUT.x") + "- name: d\n  source: ";
        Path sixteen = dir.resolve("sixteen.yaml");
        try (Writer w = Files.newBufferedWriter(sixteen)) {
            w.write(base);
            w.write("s".repeat(16_000_000));
            w.write("\n");
        }
        assertRefusedInOneLine(run("plan", sixteen.toString()), "line 16 is 16,000,010 characters long", "limit for YAML lines");
        Path fifty = dir.resolve("fifty.yaml");
        try (Writer w = Files.newBufferedWriter(fifty)) {
            w.write(base);
            for (int i = 0; i < 50; i++) {
                w.write("s".repeat(1_000_000));
            }
            w.write("\n");
        }
        String size = String.format(java.util.Locale.ROOT, "%,d", Files.size(fifty));
        for (String command : List.of("plan", "run")) {
            assertRefusedInOneLine(run(command, fifty.toString()), "is " + size + " bytes, more than 16,777,216",
                    "limit for workflow documents");
        }
    }

    @Test
    void outOfRangeSizesAndHostileNames(@TempDir Path dir) throws IOException {
        String base = switchWorkflow("INPUT.x");
        Path size = write(dir, "size.yaml", base.replace("size: 8}", "size: 1e30}"));
        Path evil = write(dir, "evil.yaml", base.replace("- name: b", "- name: evil/../../x?y=1")
                .replace("nodes: [b, c]", "nodes: ['evil/../../x?y=1', c]"));
        Path longName = write(dir, "long.yaml", base.replace("- name: b", "- name: " + "n".repeat(100_000))
                .replace("nodes: [b, c]", "nodes: [" + "n".repeat(100_000) + ", c]"));
        Path longFolded = write(dir, "long-folded.yaml", base + "- name: \"" + ("n".repeat(1000) + "\\\n    ").repeat(100) + "\"\n");
        for (String command : List.of("plan", "run")) {
            assertRefusedInOneLine(run(command, size.toString()), "field 'global_input.x.size'",
                    "from 0 to 1,099,511,627,776 bytes (limit for size)");
            assertRefusedInOneLine(run(command, evil.toString()), "field 'functions[2].name'", "'evil/../../x?y=1' is not valid");
            assertRefusedInOneLine(run(command, longName.toString()), "line 12 is 100,016 characters long");
            assertRefusedInOneLine(run(command, longFolded.toString()), "field 'functions[4].name'",
                    "(100,000 characters) is longer than 63 characters (limit for names)");
        }
    }

    @Test
    void strictInputJson(@TempDir Path dir) throws IOException {
        assertRefusedInOneLine(run("run", "wordcount", "--input", "{\"chunks\": 3} }}} garbage"),
                "--input: unexpected content after the JSON object (line 1, column 14)");
        assertRefusedInOneLine(run("run", "video", "--input", "{\"split\": true, \"split\": false}"),
                "--input: not valid JSON", "duplicate key 'split'");
        assertRefusedInOneLine(run("run", "wordcount", "--input", "{\"chunks\": 3}"),
                "--input: field 'chunks': not a global input of workflow wordcount (it declares none)", "--allow-unknown-inputs");
        Path latin1 = dir.resolve("input.json");
        Files.write(latin1, "{\"video_name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
        assertRefusedInOneLine(run("run", "video", "--input", latin1.toString()), latin1 + ": not valid UTF-8 (byte 19)");
        assertRefusedInOneLine(run("run", "video", "--input", dir.resolve("none.json").toString()), "none.json: no such file");
    }

    @Test
    void anUndeclaredInputRunsWhenAskedFor() {
        Result r = run("run", "wordcount", "--input", "{\"chunks\": 2, \"size_bytes\": 20000}", "--allow-unknown-inputs",
                "--nodes", "2", "--time-scale", "0.001");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\"chunks\":2"), r.out());
    }
}
