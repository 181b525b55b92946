package dev.faasflow.workflow.formats;

import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.FunctionKind;
import dev.faasflow.workflow.NextType;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.faasflow.workflow.formats.BadInput.assertProblem;
import static dev.faasflow.workflow.formats.BadInput.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NestedDagConverterTest {

    /** Functions and edges as the files declare them (one function per node, the nodes' next lists). */
    @ParameterizedTest(name = "{0}: {1} functions, {2} edges")
    @CsvSource({
            "cycles-50, 48, 66", "cycles-100, 92, 130", "cycles-200, 182, 260", "cycles-500, 502, 740",
            "epigenomics-50, 44, 50", "epigenomics-100, 84, 98", "epigenomics-200, 190, 233", "epigenomics-500, 444, 542",
            "genome-50, 52, 122", "genome-100, 102, 244", "genome-200, 202, 488", "genome-500, 502, 1220",
            "montage-200, 201, 558", "montage-500, 556, 1449",
            "seismology-50, 51, 98", "seismology-100, 101, 198", "seismology-200, 201, 398", "seismology-500, 501, 998",
            "soykb-50, 37, 60", "soykb-100, 92, 187", "soykb-200, 200, 455", "soykb-500, 488, 1111"})
    void everyNestedDagOfTheArtifactLoads(String name, int functions, int edges) throws Exception {
        Workflow wf = Benchmarks.loadNestedDag(name);
        assertEquals(name, wf.name());
        assertEquals(functions, wf.size());
        assertEquals(edges, wf.edgeCount());
        assertEquals(1, wf.startFunctions().size());
        for (FunctionDef f : wf.functions()) {
            assertEquals("utility.py", f.source(), f.name());
            assertEquals(FunctionKind.REGULAR, f.kind());
        }
    }

    @Test
    void filesBecomeDataAndRuntimesCarryOver() throws Exception {
        Workflow wf = Benchmarks.loadNestedDag("montage-200");
        assertEquals(List.of("start_node"), wf.startFunctions());
        assertEquals(List.of("mViewer_00000200"), wf.sinkFunctions());
        FunctionDef project = wf.function("mProject_00000001");
        assertEquals(20.368, project.runtime());
        assertEquals(220008 + 1105941, project.outputBytes());
        // Read files no function writes are global inputs, with their sizes.
        assertEquals(1683548, project.inputs().get("c1c969db-06ad-4fa0-8ae5-e7599b1eac41.fits").size());
        assertTrue(project.inputs().get("c1c969db-06ad-4fa0-8ae5-e7599b1eac41.fits").value().fromGlobalInput());
        assertTrue(wf.globalInputs().containsKey("c1c969db-06ad-4fa0-8ae5-e7599b1eac41.fits"));
        // A file another function writes is read from that function (mBackground reads an mProject output
        // two steps up: the flat namespace finds it there).
        long fromWriters = wf.functions().stream().flatMap(f -> f.inputs().values().stream())
                .filter(in -> !in.value().fromGlobalInput()).count();
        assertEquals(898 + 40, fromWriters);
        assertTrue(wf.functions().stream().allMatch(f -> f.next().type() == NextType.PASS));
    }

    @Test
    void aNestedWorkflowAndASwitchFlatten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("main.yaml");
        Files.writeString(file, """
                main:
                  type: workflow
                  start: a
                  end: z
                  nodes:
                  - {name: a, type: function, source: a.py, runtime: 1, next: [inner],
                     files: [{link: output, name: x, size: 10}]}
                  - inner
                  - name: choose
                    type: switch
                    choices:
                    - {condition: 'INPUT.big > 3', go: {name: big, type: function, source: big.py}}
                    - {default: small}
                    next: z
                  - {name: z, type: function, source: z.py, files: [{link: input, name: y, size: 5}]}
                inner:
                  type: workflow
                  start: b
                  end: c
                  nodes:
                  - {name: b, type: function, source: b.py, next: c, files: [{link: input, name: x, size: 10}]}
                  - {name: c, type: function, source: c.py, files: [{link: output, name: y, size: 5}]}
                  next: [choose]
                small: {type: function, source: small.py}
                """);
        Workflow wf = WorkflowLoader.load(file);
        assertEquals(dir.getFileName().toString(), wf.name(), "main.yaml takes its folder's name");
        assertEquals(List.of("a", "b", "c", "choose", "big", "small", "z"),
                wf.functions().stream().map(FunctionDef::name).toList());
        assertEquals(List.of("b"), wf.successorNames("a"), "into a nested workflow: its start");
        assertEquals(List.of("choose"), wf.successorNames("c"), "out of it: from its end");
        FunctionDef choose = wf.function("choose");
        assertEquals(FunctionKind.VIRTUAL, choose.kind());
        assertEquals(NextType.SWITCH, choose.next().type());
        assertEquals(List.of("big", "small"), choose.next().nodes());
        assertEquals(List.of("INPUT.big > 3", "default"), choose.next().conditions());
        assertEquals(List.of("z"), wf.successorNames("big"), "each choice continues to the switch's next");
        assertEquals(List.of("z"), wf.successorNames("small"));
        assertEquals("a", wf.function("b").inputs().get("x").value().function());
        assertEquals("c", wf.function("z").inputs().get("y").value().function());
        assertTrue(wf.globalInputs().containsKey("big"), "a key a condition reads and no function writes");
        assertEquals(WorkflowFormat.NESTED, WorkflowFormat.detect(WorkflowLoader.parseDocument("x", Files.readString(file))));
    }

    @Test
    void badNestedDagsNameTheNodeAndField() {
        List<Problem> p = problems("""
                main:
                  type: workflow
                  start: a
                  end: gone
                  nodes:
                  - {name: a, type: function, source: a.py, next: [b, nowhere, x]}
                  - {name: b, type: lambda, source: b.py}
                  - {name: c, type: function, next: d, files: [{link: both, name: f, size: 1}]}
                  - {name: s, type: switch, choices: [{default: {name: d, type: function, source: d.py, next: c}}]}
                  - {name: w, type: workflow, start: x, end: x, nodes: [{name: x, type: function, source: x.py}]}
                  - missing
                spare: {type: function, source: s.py}
                """);
        assertProblem(p, "b", "type", "unknown type 'lambda'");
        assertProblem(p, "main", "end", "'gone' is not one of the workflow's nodes");
        assertProblem(p, "c", "source", "missing");
        assertProblem(p, "c", "files[0].link", "expected input or output");
        assertProblem(p, "main", "nodes[5]", "unknown node 'missing'");
        assertProblem(p, "spare", null, "no workflow or switch uses it");
        // next is only checked once every node reads well
        List<Problem> next = problems("""
                main:
                  type: workflow
                  start: a
                  end: a
                  nodes:
                  - {name: a, type: function, source: a.py, next: [nowhere, x]}
                  - {name: s, type: switch, choices: [{default: {name: d, type: function, source: d.py, next: a}}]}
                  - {name: w, type: workflow, start: x, end: x, nodes: [{name: x, type: function, source: x.py}]}
                """);
        assertProblem(next, "a", "next[0]", "unknown node 'nowhere'");
        assertProblem(next, "a", "next[1]", "'x' is not a node of workflow 'main'");
        assertProblem(next, "d", "next", "a choice of switch 's' has no next of its own");
        assertEquals(3, next.size(), next.toString());
        assertProblem(problems("main: {type: function, source: a.py}"), "main", "type", "main must be of type workflow");
        assertProblem(problems("""
                main: {type: workflow, start: a, end: a, nodes: [{name: a, type: function, source: a.py, cost: 3}]}
                """), "a", "cost", "not a field of a function node");
    }
}
