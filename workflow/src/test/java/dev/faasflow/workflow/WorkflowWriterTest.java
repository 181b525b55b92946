package dev.faasflow.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowWriterTest {

    static Stream<String> benchmarks() {
        return Benchmarks.NAMES.stream();
    }

    @ParameterizedTest
    @MethodSource("benchmarks")
    void everyBenchmarkRoundTrips(String name) throws Exception {
        Workflow original = Benchmarks.load(name);
        String yaml = WorkflowWriter.toYaml(original);
        Workflow back = WorkflowLoader.parse(name + ".yaml", name, yaml);

        assertSameDefinition(original, back, false);
        assertEquals(yaml, WorkflowWriter.toYaml(back), "writing is deterministic and stable");
        assertFalse(yaml.contains("&id") || yaml.contains("*id"), "no anchors or aliases");
        assertTrue(yaml.startsWith("global_input:"));
        assertTrue(yaml.contains("\nfunctions:\n- name: " + original.function(0).name() + "\n"), "artifact layout");
        assertTrue(yaml.contains("\nglobal_output:"));
    }

    @ParameterizedTest
    @MethodSource("benchmarks")
    void aWrittenFolderLoadsBackWithNameImagesAndPoolCap(String name, @TempDir Path dir) throws Exception {
        Workflow original = Benchmarks.load(name);
        WorkflowWriter.write(original, dir);
        Workflow back = Benchmarks.loadPathOrName(dir.toString());
        assertEquals(name, back.name());
        assertEquals(original.maxContainers(), back.maxContainers());
        assertSameDefinition(original, back, true);
    }

    static void assertSameDefinition(Workflow a, Workflow b, boolean withImages) {
        assertEquals(a.globalInputs(), b.globalInputs());
        assertEquals(List.copyOf(a.globalInputs().keySet()), List.copyOf(b.globalInputs().keySet()));
        assertEquals(a.globalOutputs(), b.globalOutputs());
        assertEquals(a.size(), b.size());
        assertEquals(a.edgeCount(), b.edgeCount());
        for (int i = 0; i < a.size(); i++) {
            FunctionDef fa = a.function(i);
            FunctionDef fb = b.function(i);
            if (withImages) {
                assertEquals(fa, fb);
            } else {
                assertEquals(fa.withImage(null), fb.withImage(null));
            }
            // Record equality ignores map order; declaration order matters (a foreach reads its first key input).
            assertEquals(List.copyOf(fa.inputs().keySet()), List.copyOf(fb.inputs().keySet()), fa.name());
            assertEquals(List.copyOf(fa.outputs().keySet()), List.copyOf(fb.outputs().keySet()), fa.name());
            assertEquals(fa.next(), fb.next(), fa.name());
            assertEquals(a.successorsOf(i), b.successorsOf(i), fa.name());
            assertEquals(a.isForeach(fa.name()), b.isForeach(fb.name()));
            assertEquals(a.isMerge(fa.name()), b.isMerge(fb.name()));
        }
    }

    @Test
    void fieldsAreWrittenOnlyWhereTheyMeanSomething() throws Exception {
        String yaml = WorkflowWriter.toYaml(Benchmarks.load("video"));
        assertEquals(1, count(yaml, "split_ratio:"), "only transcode has a foreach width");
        assertTrue(yaml.contains("  split_ratio: 3\n"));
        assertTrue(yaml.contains("    conditions:\n    - INPUT.split\n    - default\n"), yaml);
        assertTrue(yaml.contains("  runtime: 3.8\n"), "decimals as written");
        assertTrue(yaml.contains("  runtime: 1\n"), "whole numbers without a fraction");
        assertTrue(yaml.contains("global_output: {}"));
    }

    @Test
    void controlNodeWithoutSourceKeepsItsKind() throws Exception {
        String text = """
                functions:
                - name: a
                  output: {flag: {type: normal, size: 1}}
                  next: {type: pass, nodes: [virtual1]}
                - name: virtual1
                  next: {type: switch, nodes: [b, END], conditions: ["a.flag == 'yes'", default]}
                - name: b
                  runtime: 0.125
                  split_ratio: 2.5
                  mem_usage: 0.5
                  scale: 2
                  input: {flag: {type: pass, value: {function: a, parameter: flag}, size: 1}}
                - name: END
                """;
        Workflow original = WorkflowLoader.parse("inline", "tiny", text);
        assertEquals(FunctionKind.VIRTUAL, original.function("virtual1").kind());
        String yaml = WorkflowWriter.toYaml(original);
        Workflow back = WorkflowLoader.parse("again", "tiny", yaml);
        assertSameDefinition(original, back, true);
        assertEquals(FunctionKind.VIRTUAL, back.function("virtual1").kind());
        assertEquals(FunctionKind.END, back.function("END").kind());
        assertTrue(yaml.contains("- name: virtual1\n  runtime: 0\n"), "no source written for it: " + yaml);
        assertEquals(List.of("a.flag == 'yes'", "default"), back.function("virtual1").next().conditions());
        assertNull(back.function("b").image());
    }

    @Test
    void keysThatLookLikeOtherTypesStayStrings() throws Exception {
        String text = """
                global_input:
                  'true': {type: pass, value: {function: INPUT, parameter: 'true'}, size: 1}
                  '007': {type: pass, value: {function: INPUT, parameter: '007'}, size: 2}
                  'null': {type: pass, value: {function: INPUT, parameter: 'null'}, size: 3}
                functions:
                - name: '123'
                  input:
                    'true': {type: pass, value: {function: INPUT, parameter: 'true'}, size: 1}
                    '007': {type: pass, value: {function: INPUT, parameter: '007'}, size: 2}
                    'null': {type: pass, value: {function: INPUT, parameter: 'null'}, size: 3}
                """;
        Workflow original = WorkflowLoader.parse("inline", "odd", text);
        Workflow back = WorkflowLoader.parse("again", "odd", WorkflowWriter.toYaml(original));
        assertSameDefinition(original, back, true);
        assertEquals("123", back.function(0).name());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
