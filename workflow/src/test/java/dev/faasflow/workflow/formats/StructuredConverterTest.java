package dev.faasflow.workflow.formats;

import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.DataType;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.FunctionKind;
import dev.faasflow.workflow.NextType;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.faasflow.workflow.formats.BadInput.assertProblem;
import static dev.faasflow.workflow.formats.BadInput.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StructuredConverterTest {

    private static String resource(String path) throws IOException {
        try (InputStream in = StructuredConverterTest.class.getClassLoader().getResourceAsStream(path)) {
            assertTrue(in != null, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A DAG as text lines: "name source -> type [nodes] [conditions]" per function, in file order. */
    private static List<String> dag(Workflow wf) {
        List<String> lines = new ArrayList<>();
        for (FunctionDef f : wf.functions()) {
            lines.add(f.name() + " " + f.source() + " -> " + f.next().type().yamlName() + " " + f.next().nodes()
                    + (f.next().conditions().isEmpty() ? "" : " " + f.next().conditions()));
        }
        return lines;
    }

    /** The same of the artifact's flat twin, read as a plain tree. */
    private static List<String> dag(Object twin) {
        List<String> lines = new ArrayList<>();
        for (Map<?, ?> f : functions(twin)) {
            Map<?, ?> next = f.get("next") instanceof Map<?, ?> n ? n : Map.of();
            Object type = next.get("type") == null ? "pass" : next.get("type");
            Object nodes = next.get("nodes") == null ? List.of() : next.get("nodes");
            lines.add(f.get("name") + " " + f.get("source") + " -> " + type + " " + nodes
                    + (next.get("conditions") == null ? "" : " " + next.get("conditions")));
        }
        return lines;
    }

    /** The twin's functions (the artifact's flattener wrote the key 'fuctions'; hand-edited twins 'functions'). */
    private static List<Map<?, ?>> functions(Object twin) {
        Map<?, ?> root = (Map<?, ?>) twin;
        Object list = root.containsKey("functions") ? root.get("functions") : root.get("fuctions");
        return ((List<?>) list).stream().<Map<?, ?>>map(o -> (Map<?, ?>) o).toList();
    }

    /** Inputs as "function.arg <- producer.key" lines. */
    private static List<String> inputs(Workflow wf) {
        List<String> lines = new ArrayList<>();
        for (FunctionDef f : wf.functions()) {
            f.inputs().forEach((arg, in) -> lines.add(f.name() + "." + arg + " <- " + in.value().function() + "." + in.key()));
        }
        return lines;
    }

    private static List<String> inputs(Object twin) {
        List<String> lines = new ArrayList<>();
        for (Map<?, ?> f : functions(twin)) {
            if (f.get("input") instanceof Map<?, ?> in) {
                in.forEach((arg, spec) -> {
                    Map<?, ?> value = (Map<?, ?>) ((Map<?, ?>) spec).get("value");
                    lines.add(f.get("name") + "." + arg + " <- " + value.get("function") + "." + value.get("parameter"));
                });
            }
        }
        return lines;
    }

    private static Object twin(String example) throws Exception {
        String path = "benchmarks/structured-examples/" + example + "/flat_workflow.yaml";
        return WorkflowLoader.parseDocument(path, resource(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel", "parallel2", "switch"})
    void eachStructuredExampleGivesTheDagOfItsFlatTwin(String example) throws Exception {
        Workflow wf = Benchmarks.loadStructuredExample(example);
        Object twin = twin(example);
        assertEquals(dag(twin), dag(wf));
        assertEquals(inputs(twin), inputs(wf));
    }

    @Test
    void theForeachExampleGivesWhatTheArtifactsFlattenerGives() throws Exception {
        // The artifact's foreach twin was extended by hand: an 'add' function and a 'split_keys' output
        // its workflow.yaml does not have. Without them the DAGs are the same: rand -(foreach)-> square.
        Workflow wf = Benchmarks.loadStructuredExample("foreach");
        List<String> twin = new ArrayList<>(dag(twin("foreach")));
        twin.removeIf(line -> line.startsWith("add "));
        twin.replaceAll(line -> line.replace("square square -> pass [add]", "square square -> pass []"));
        assertEquals(twin, dag(wf));
        // The list the foreach iterates: rand's output, read by square as its key input.
        assertEquals(DataType.KEYS, wf.function("rand").outputs().get("rand_result").type());
        DataSpec x = wf.function("square").inputs().get("x");
        assertEquals(DataType.KEY, x.type());
        assertEquals("rand_result", x.key());
        assertTrue(wf.isForeach("square"));
        assertEquals(List.of("count"), List.copyOf(wf.globalInputs().keySet()));
        assertEquals("square_result", wf.globalOutputs().get("result").key());
    }

    @Test
    void resultsAndGlobalInputs() throws Exception {
        Workflow sw = Benchmarks.loadStructuredExample("switch");
        assertEquals(List.of("input1", "input2"), List.copyOf(sw.globalInputs().keySet()));
        assertEquals(FunctionKind.VIRTUAL, sw.function("virtual1").kind());
        assertEquals("sqrt_result", sw.globalOutputs().get("result").key(), "both branches write the result's key");
        // Without outputMappings every value the workflow wrote is a result (parallel/workflow2.yaml).
        String yaml = resource("benchmarks/structured-examples/parallel/workflow2.yaml");
        Workflow all = WorkflowLoader.parse("workflow2.yaml", "parallel2", yaml);
        assertEquals(List.of("rand_result", "square_result", "cube_result", "add_result"),
                List.copyOf(all.globalOutputs().keySet()));
        assertEquals(dag(Benchmarks.loadStructuredExample("parallel")), dag(all));
    }

    @Test
    void aFileTakesItsFoldersNameAndEveryCommandAcceptsIt() throws Exception {
        Path file = Path.of("..", "benchmarks", "structured-examples", "parallel2", "workflow.yaml");
        Workflow wf = WorkflowLoader.load(file);
        assertEquals("parallel2", wf.name(), "not the root structure's name 'main'");
        assertEquals(7, wf.size());
        assertEquals(NextType.PARALLEL, wf.function("virtual3").next().type());
    }

    @Test
    void nestedStructuresFlattenThroughEveryLevel() throws Exception {
        // A pass ending in a parallel, inside a switch choice, followed by a foreach: the artifact's
        // flattener loses the edge out of such a pass; here it is kept.
        Workflow wf = WorkflowLoader.parse("nested.yaml", "nested", """
                name: main
                type: pass
                steps:
                  - {name: first, type: function, source: f, output: [items, n]}
                  - name: pick
                    type: switch
                    choices:
                      - condition: INPUT.mode == 'fast'
                        go:
                          name: fast
                          type: pass
                          steps:
                            - {name: prep, type: function, source: p, output: [ready]}
                            - name: fan
                              type: parallel
                              branches:
                                - {name: left, type: function, source: l, output: [l_out]}
                                - {name: right, type: function, source: r, output: [r_out]}
                      - condition: default
                        go: {name: slow, type: function, source: s, output: [l_out]}
                  - name: each
                    type: foreach
                    inputMappings: [{target: item, source: 'LOCAL.items[*]'}]
                    task: {name: work, type: function, source: w, output: [done]}
                    outputMappings: [{target: all, source: 'LOCAL[*].done'}]
                  - name: last
                    type: function
                    source: z
                    inputMappings: [{target: everything, source: LOCAL.all}, {target: left, source: LOCAL.l_out}]
                outputMappings: [{target: result, source: LOCAL.all}]
                """);
        assertEquals(List.of(
                "first f -> pass [virtual1]",
                "virtual1 VIRTUAL -> switch [prep, slow] [INPUT.mode == 'fast', default]",
                "prep p -> parallel [left, right]",
                "left l -> pass [virtual4]",
                "right r -> pass [virtual4]",
                "virtual4 VIRTUAL -> pass [virtual5]",
                "slow s -> pass [virtual5]",
                "virtual5 VIRTUAL -> foreach [work]",
                "work w -> pass [last]",
                "last z -> pass []"), dag(wf));
        assertTrue(wf.isForeach("work"));
        assertTrue(wf.isMerge("last"));
        assertEquals(DataType.KEYS, wf.function("first").outputs().get("items").type());
        assertEquals("done", wf.function("last").inputs().get("everything").key());
        assertEquals("l_out", wf.function("last").inputs().get("left").key());
        assertEquals(List.of("mode"), List.copyOf(wf.globalInputs().keySet()));
        assertEquals("done", wf.globalOutputs().get("result").key());
    }

    @Test
    void badStructuredFilesNameTheStructureAndField() {
        List<Problem> p = problems("""
                name: main
                type: pass
                steps:
                  - {name: a, type: function, source: a, output: [x], colour: blue}
                  - {name: b, type: loop, steps: []}
                  - {name: a, type: function, source: again}
                  - {name: c, type: foreach, task: {name: inner, type: pass, steps: [{name: d, type: function, source: d}]}}
                  - {name: e, type: function, inputMappings: [{target: y, source: 'LOCAL.x[*]'}, {target: z, source: x}]}
                  - {name: g, type: parallel, branches: []}
                """);
        assertProblem(p, "a", "colour", "not a field of a function");
        assertProblem(p, "b", "type", "unknown type 'loop'");
        assertProblem(p, "a", "name", "defined twice");
        assertProblem(p, "c", "task.type", "a foreach's task is a function");
        assertProblem(p, "e", "source", "missing");
        assertProblem(p, "e", "inputMappings[0].source", "only a foreach's inputMappings iterate");
        assertProblem(p, "e", "inputMappings[1].source", "expected LOCAL.name, INPUT.name");
        assertProblem(p, "g", "branches", "expected a non-empty list");

        List<Problem> nothing = problems("""
                name: main
                type: pass
                steps:
                  - {name: a, type: function, source: a, output: [x]}
                  - {name: b, type: function, source: b, inputMappings: [{target: y, source: LOCAL.typo}]}
                  - name: s
                    type: switch
                    choices: [{condition: default, go: {name: c, type: function, source: c, output: [q]}}]
                    outputMappings: [{target: r, source: LOCAL.nope}]
                outputMappings: [{target: out, source: LOCAL.nothing}]
                """);
        assertProblem(nothing, "b", "inputMappings[0].source", "'typo' is not in scope here");
        assertProblem(nothing, "s", "outputMappings[0].source", "'nope' is not in scope here");
        assertProblem(nothing, "main", "outputMappings[0].source", "'nothing' is not in scope here");
        assertEquals(3, nothing.size(), nothing.toString());

        assertProblem(problems("""
                name: main
                type: parallel
                branches:
                  - {name: virtual2, type: function, source: a}
                """), "virtual2", "name", "generated control node");
        assertProblem(problems("""
                name: main
                type: parallel
                branches:
                  - {name: a, type: function, source: a, output: [x]}
                  - {name: b, type: function, source: b, output: [y]}
                outputMappings: [{target: both, source: 'LOCAL[*].x'}, {target: mixed, source: 'LOCAL[*].q'}]
                """), "main", "outputMappings[1].source", "'q' is not in scope here");
    }
}
