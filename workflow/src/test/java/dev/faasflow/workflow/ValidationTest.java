package dev.faasflow.workflow;

import dev.faasflow.fixtures.SmallWorkflows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.faasflow.workflow.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad definition gives a problem naming the file, the function and the field. */
class ValidationTest {
    private static final String TWO = SmallWorkflows.TWO;

    private static List<Problem> problems(String yaml) {
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowLoader.parse("bad.yaml", "bad", yaml));
        return e.problems();
    }

    private static Problem only(String yaml) {
        List<Problem> p = problems(yaml);
        assertEquals(1, p.size(), p.toString());
        assertEquals("bad.yaml", p.get(0).file());
        return p.get(0);
    }


    @Test
    void aValidWorkflowParses() throws Exception {
        Workflow wf = WorkflowLoader.parse("ok.yaml", "ok", TWO);
        assertEquals(2, wf.size());
        assertEquals(List.of("a"), wf.startFunctions());
        assertEquals(List.of("b"), wf.sinkFunctions());
    }

    @Test
    void duplicateNames() {
        Problem p = only(TWO + "- name: a\n  runtime: 1\n");
        assertProblem(p, "a", "name", "duplicate");
    }

    @Test
    void unknownSuccessor() {
        Problem p = only(TWO.replace("nodes: [b]", "nodes: [b, zz]"));
        assertProblem(p, "a", "next.nodes[1]", "unknown successor 'zz'");
    }

    @Test
    void cycles() {
        Problem p = only(TWO + "  next: {type: pass, nodes: [a]}\n");
        assertTrue(p.message().contains("cycle: a -> b -> a") || p.message().contains("cycle: b -> a -> b"), p.message());
    }

    @Test
    void switchWithoutMatchingConditions() {
        Problem p = only(TWO.replace("next: {type: pass, nodes: [b]}", "next: {type: switch, nodes: [b], conditions: []}"));
        assertEquals("next.conditions", p.field());
        assertTrue(p.message().contains("1 nodes, 0 conditions"), p.message());
    }

    @Test
    void conditionThatDoesNotParse() {
        Problem p = only(TWO.replace("next: {type: pass, nodes: [b]}",
                "next: {type: switch, nodes: [b], conditions: ['INPUT.x < < 3']}"));
        assertEquals("a", p.function());
        assertEquals("next.conditions[0]", p.field());
    }

    @Test
    void conditionReadingAnUnknownKey() {
        Problem p = only(TWO.replace("next: {type: pass, nodes: [b]}",
                "next: {type: switch, nodes: [b], conditions: ['INPUT.nothing']}"));
        assertTrue(p.message().contains("'nothing'"), p.message());
    }

    @Test
    void inputNobodyProvides() {
        Problem p = only(TWO.replace("parameter: x}", "parameter: y}"));
        assertProblem(p, "b", "input.x", "key 'y' is provided by no predecessor and no global input");
    }

    @Test
    void inputFromAGlobalInputIsFine() throws Exception {
        String yaml = "global_input:\n  y: {type: pass, value: {function: INPUT, parameter: y}, size: 8}\n"
                + TWO.replace("parameter: x}", "parameter: y}");
        assertEquals(2, WorkflowLoader.parse("ok.yaml", "ok", yaml).size());
    }

    @Test
    void foreachWithoutKeyInput() {
        Problem p = only(TWO.replace("type: pass, nodes: [b]", "type: foreach, nodes: [b]"));
        assertEquals("b", p.function());
        assertTrue(p.message().contains("type key"), p.message());
    }

    @Test
    void unknownNextType() {
        Problem p = only(TWO.replace("type: pass, nodes", "type: broadcast, nodes"));
        assertEquals("next.type", p.field());
        assertTrue(p.message().contains("'broadcast'"), p.message());
    }

    @Test
    void negativeSizesAndRuntimes() {
        List<Problem> p = problems(TWO.replace("size: 10}\n  next", "size: -5}\n  next").replace("runtime: 1\n  input", "runtime: -2\n  input"));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.stream().anyMatch(x -> "output.x.size".equals(x.field()) && "a".equals(x.function())), p.toString());
        assertTrue(p.stream().anyMatch(x -> "runtime".equals(x.field()) && "b".equals(x.function())), p.toString());
    }

    @Test
    void unknownDataType() {
        Problem p = only(TWO.replace("x: {type: normal, size: 10}", "x: {type: blob, size: 10}"));
        assertEquals("output.x.type", p.field());
    }

    @Test
    void notYamlAtAll() {
        Problem p = only("functions: [a, b\n  - : :");
        assertTrue(p.message().startsWith("not valid YAML"), p.message());
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        String yaml = """
                functions:
                - name: a
                  runtime: -1
                  next: {type: pass, nodes: [nope]}
                - name: a
                """;
        assertEquals(3, problems(yaml).size());
    }

    @Test
    void problemsPrintAsOneReadableLine() {
        Problem p = new Problem("wf.yaml", "count", "input.file", "key 'file' is provided by no predecessor");
        assertEquals("wf.yaml: function 'count', field 'input.file': key 'file' is provided by no predecessor", p.toString());
    }
}
