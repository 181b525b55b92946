package dev.faasflow.workflow.wfcommons;

import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.DataType;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.FunctionKind;
import dev.faasflow.workflow.NextType;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowLoader;
import dev.faasflow.workflow.WorkflowWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.faasflow.workflow.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WfCommonsImporterTest {

    static Path resource(String name) {
        try {
            return Path.of(WfCommonsImporterTest.class.getResource("/wfcommons/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the diamond, in both versions

    @Test
    void diamond15() throws Exception {
        ImportResult result = WfCommonsImporter.importDetailed(resource("diamond-1.5.json"));
        assertEquals("1.5", result.schemaVersion());
        assertEquals("Align_Diamond__test", result.workflow().name());
        assertDiamond(result, Function.identity());
    }

    @Test
    void diamond14() throws Exception {
        ImportResult result = WfCommonsImporter.importDetailed(resource("diamond-1.4.json"));
        assertEquals("1.4", result.schemaVersion());
        assertEquals("align-diamond-14", result.workflow().name());
        // 1.4: a task is named by its name when that is unique in the trace, else by its id.
        Map<String, String> names = Map.of("split_0001", "split", "merge_0001", "merge", "report_0001", "report");
        assertDiamond(result, id -> names.getOrDefault(id, id));
    }

    /** Both fixtures describe the same six tasks; {@code fn} maps a task id to its function name. */
    private static void assertDiamond(ImportResult result, Function<String, String> fn) {
        Workflow wf = result.workflow();
        String split = fn.apply("split_0001");
        String a1 = fn.apply("align_0001");
        String a2 = fn.apply("align_0002");
        String a3 = fn.apply("align_0003");
        String merge = fn.apply("merge_0001");
        String report = fn.apply("report_0001");

        assertEquals(List.of(split, a1, a2, a3, merge, report), wf.functions().stream().map(FunctionDef::name).toList());
        assertEquals(0, result.dataEdges(), "every file is written by an ancestor of its reader");
        assertEquals(List.of(), result.notes());

        // Edges: the union of parents and children, each once (several are given on both sides).
        assertEquals(7, wf.edgeCount());
        assertEquals(List.of(a1, a2, a3), wf.successorNames(split));
        for (String a : List.of(a1, a2, a3)) {
            assertEquals(List.of(merge), wf.successorNames(a));
            assertEquals(List.of(split), wf.predecessorNames(a));
        }
        assertEquals(List.of(report), wf.successorNames(merge));
        assertEquals(List.of(split), wf.startFunctions());
        assertEquals(List.of(report), wf.sinkFunctions());

        // Function defaults and runtimes from the trace.
        Map<String, Double> runtimes = Map.of(split, 12.5, a1, 30.25, a2, 31.0, a3, 29.75, merge, 8.125, report, 1.5);
        // Sources are programs: the three align tasks share one (and so one image).
        Map<String, String> sources = Map.of(split, "split", a1, "align", a2, "align", a3, "align", merge, "merge",
                report, "report");
        for (FunctionDef f : wf.functions()) {
            assertEquals(runtimes.get(f.name()), f.runtime(), f.name());
            assertEquals(3, f.scale());
            assertEquals(0.25, f.memUsage());
            assertEquals(1.0, f.splitRatio());
            assertEquals(sources.get(f.name()), f.source(), f.name());
            assertEquals(wf.name() + "_" + sources.get(f.name()), f.image(), f.name());
            assertEquals(FunctionKind.REGULAR, f.kind());
            assertEquals(NextType.PASS, f.next().type());
        }

        // Files no task writes are global inputs; 'config:run#1' and 'config_run_1' sanitize alike.
        Map<String, Long> globals = new LinkedHashMap<>();
        wf.globalInputs().forEach((k, v) -> globals.put(k, v.size()));
        assertEquals(List.of("genome.fa", "config_run_1", "config_run_1_2", "ref_index.idx"), List.copyOf(globals.keySet()));
        assertEquals(3221225472L, globals.get("genome.fa"));
        assertEquals(120L, globals.get("config_run_1"));
        assertEquals(64L, globals.get("config_run_1_2"));
        assertEquals(5000000L, globals.get("ref_index.idx"));
        for (DataSpec g : wf.globalInputs().values()) {
            assertEquals(DataType.PASS, g.type());
            assertTrue(g.value().fromGlobalInput());
            assertEquals(g.name(), g.value().parameter());
        }
        assertTrue(wf.globalOutputs().isEmpty());

        FunctionDef s = wf.function(split);
        assertInputs(s, "genome.fa", "INPUT", 3221225472L, "config_run_1", "INPUT", 120L, "config_run_1_2", "INPUT", 64L);
        assertOutputs(s, "chunk_1.fa", 1000000L, "chunk_2.fa", 1100000L, "chunk_3.fa", 1200000L, "split.log", 2048L);
        assertInputs(wf.function(a1), "chunk_1.fa", split, 1000000L, "ref_index.idx", "INPUT", 5000000L);
        assertInputs(wf.function(a2), "chunk_2.fa", split, 1100000L, "ref_index.idx", "INPUT", 5000000L);
        // align_0003 lists chunk_3.fa twice: one input.
        assertInputs(wf.function(a3), "chunk_3.fa", split, 1200000L, "ref_index.idx", "INPUT", 5000000L);
        assertOutputs(wf.function(a3), "aligned_3.bam", 420000L);
        // split.log comes from a grand-parent: no extra edge needed.
        assertInputs(wf.function(merge), "aligned_1.bam", a1, 400000L, "aligned_2.bam", a2, 410000L,
                "aligned_3.bam", a3, 420000L, "split.log", split, 2048L);
        assertOutputs(wf.function(merge), "merged.bam", 1230000L);
        assertInputs(wf.function(report), "merged.bam", merge, 1230000L, "chunk_1.fa", split, 1000000L);
        assertOutputs(wf.function(report), "out_report.html", 7000L);
        assertEquals(1000000L + 1100000L + 1200000L + 2048L, s.outputBytes());
    }

    /** Triples of (key, function the value comes from, size), in declaration order. */
    private static void assertInputs(FunctionDef f, Object... expected) {
        assertEquals(expected.length / 3, f.inputs().size(), f.name() + " inputs " + f.inputs().keySet());
        List<String> keys = List.copyOf(f.inputs().keySet());
        for (int i = 0; i < expected.length; i += 3) {
            String key = (String) expected[i];
            assertEquals(key, keys.get(i / 3), f.name() + " input order");
            DataSpec in = f.inputs().get(key);
            assertEquals(DataType.PASS, in.type());
            assertEquals(expected[i + 1], in.value().function(), f.name() + "." + key);
            assertEquals(key, in.value().parameter());
            assertEquals(key, in.key());
            assertEquals((long) (Long) expected[i + 2], in.size(), f.name() + "." + key + " size");
        }
    }

    /** Pairs of (key, size), in declaration order. */
    private static void assertOutputs(FunctionDef f, Object... expected) {
        assertEquals(expected.length / 2, f.outputs().size(), f.name() + " outputs " + f.outputs().keySet());
        List<String> keys = List.copyOf(f.outputs().keySet());
        for (int i = 0; i < expected.length; i += 2) {
            String key = (String) expected[i];
            assertEquals(key, keys.get(i / 2));
            DataSpec out = f.outputs().get(key);
            assertEquals(DataType.NORMAL, out.type());
            assertNull(out.value());
            assertEquals((long) (Long) expected[i + 1], out.size());
        }
    }

    // ------------------------------------------------------------------ older 1.x details

    @Test
    void pegasusStyleParentsByNameDataEdgesAndRewrites() throws Exception {
        ImportResult result = WfCommonsImporter.importDetailed(resource("pegasus-1.3.json"));
        Workflow wf = result.workflow();
        assertEquals("pegasus_style", wf.name());
        // A task called END would become the no-op sink: it is renamed.
        assertEquals(List.of("preprocess_ID01", "analyze_ID02", "plot_ID03", "update_ID04", "task_END"),
                wf.functions().stream().map(FunctionDef::name).toList());
        assertEquals(FunctionKind.REGULAR, wf.function("task_END").kind());
        // No program or category: the name without its instance number; never the special source END.
        assertEquals("preprocess", wf.function("preprocess_ID01").source());
        assertEquals("task_END", wf.function("task_END").source());

        // 'runtime' and 'size' are the pre-1.4 spellings.
        assertEquals(2.0, wf.function("preprocess_ID01").runtime());
        assertEquals(4.5, wf.function("analyze_ID02").runtime());
        assertEquals(0.0, wf.function("task_END").runtime());

        // preprocess reads raw.dat before update (its descendant) rewrites it: the original is a global input.
        // plot reads result.dat, written by analyze, which the trace does not order before it: edge added.
        assertEquals(1, result.dataEdges());
        assertEquals(2, result.notes().size(), result.notes().toString());
        assertTrue(result.notes().get(0).startsWith("task 'preprocess_ID01' reads file 'raw.dat' before any task writes it"),
                result.notes().get(0));
        assertTrue(result.notes().get(1).startsWith("added edge analyze_ID02 -> plot_ID03"), result.notes().get(1));
        assertEquals(5, wf.edgeCount());
        assertEquals(List.of("analyze_ID02", "plot_ID03"), wf.successorNames("preprocess_ID01"));
        assertEquals(List.of("plot_ID03"), wf.successorNames("analyze_ID02"));
        assertEquals(List.of("preprocess_ID01", "analyze_ID02"), wf.predecessorNames("plot_ID03"));
        assertEquals(List.of("task_END"), wf.successorNames("update_ID04"));

        // update reads the original raw.dat and writes a new one: two versions, two keys.
        assertEquals(List.of("raw.dat"), List.copyOf(wf.globalInputs().keySet()));
        assertEquals(510L, wf.globalInputs().get("raw.dat").size(), "the larger declared size of the readers");
        assertInputs(wf.function("preprocess_ID01"), "raw.dat", "INPUT", 510L);
        assertOutputs(wf.function("preprocess_ID01"), "clean.dat", 300L);
        assertInputs(wf.function("plot_ID03"), "result.dat", "analyze_ID02", 100L);
        // stats.txt: analyze is an ancestor of update through the added edge, so nothing more is added.
        assertInputs(wf.function("update_ID04"), "raw.dat", "INPUT", 510L, "stats.txt", "analyze_ID02", 50L);
        assertOutputs(wf.function("update_ID04"), "raw.dat_2", 520L);
        assertTrue(wf.function("task_END").inputs().isEmpty());
    }

    @Test
    void yamlOutputReadsBackAsTheSameWorkflow(@TempDir Path dir) throws Exception {
        Path trace = resource("diamond-1.5.json");
        Workflow imported = WfCommonsImporter.importTrace(trace);
        String yaml = WfCommonsImporter.importToYaml(trace);
        assertEquals(yaml, WfCommonsImporter.importToYaml(trace), "deterministic");
        assertTrue(yaml.startsWith("global_input:"), yaml);
        assertFalse(yaml.contains("&") || yaml.contains("*id"), "no anchors");
        Workflow back = WorkflowLoader.parse("diamond.yaml", imported.name(), yaml);
        assertEquals(withoutImages(imported), withoutImages(back), "images live in function_info.yaml");
        assertEquals(imported.globalInputs(), back.globalInputs());
        assertEquals(imported.edgeCount(), back.edgeCount());

        // Written as a folder, function_info.yaml brings the images back: one per program.
        WorkflowWriter.write(imported, dir);
        Workflow loaded = WorkflowLoader.load(dir.resolve(WorkflowWriter.FLAT_WORKFLOW));
        assertEquals(imported.name(), loaded.name());
        assertEquals(imported.functions(), loaded.functions());
        assertEquals(4, new java.util.HashSet<>(loaded.functions().stream().map(FunctionDef::image).toList()).size());
    }

    static List<FunctionDef> withoutImages(Workflow wf) {
        return wf.functions().stream().map(f -> f.withImage(null)).toList();
    }

    @Test
    void sourcesComeFromTheProgramOrTheCategory() throws Exception {
        // Pegasus 1.4 style: command.program (a path), category, or neither.
        String json = "{\"schemaVersion\": \"1.4\", \"name\": \"soykb-like\", \"workflow\": {\"tasks\": ["
                + "{\"name\": \"alignment_to_reference_ID0000001\", \"type\": \"compute\", \"category\": \"alignment\","
                + " \"command\": {\"program\": \"/usr/bin/bwa\", \"arguments\": [\"mem\"]}},"
                + "{\"name\": \"alignment_to_reference_ID0000002\", \"type\": \"compute\","
                + " \"command\": {\"program\": \"bwa\"}},"
                + "{\"name\": \"sort_sam_ID0000003\", \"type\": \"compute\", \"category\": \"sort_sam\","
                + " \"parents\": [\"alignment_to_reference_ID0000001\", \"alignment_to_reference_ID0000002\"]},"
                + "{\"name\": \"dedup_ID0000004\", \"type\": \"compute\", \"parents\": [\"sort_sam_ID0000003\"]}]}}";
        Workflow wf = WfCommonsImporter.importJson("upload", json, null).workflow();
        assertEquals(List.of("bwa", "bwa", "sort_sam", "dedup"), wf.functions().stream().map(FunctionDef::source).toList());
        assertEquals(List.of("soykb-like_bwa", "soykb-like_bwa", "soykb-like_sort_sam", "soykb-like_dedup"),
                wf.functions().stream().map(FunctionDef::image).toList());
        assertTrue(WorkflowWriter.toFunctionInfoYaml(wf).contains("image: soykb-like_bwa"));

        // 1.5: the program sits on the execution entry; a name several tasks share is the fallback.
        String json15 = "{\"schemaVersion\": \"1.5\", \"name\": \"g\", \"workflow\": {\"specification\": {\"tasks\": ["
                + "{\"name\": \"individuals_00000001\", \"id\": \"ID01\", \"parents\": [], \"children\": []},"
                + "{\"name\": \"sifting\", \"id\": \"ID02\", \"parents\": [], \"children\": []},"
                + "{\"name\": \"sifting\", \"id\": \"ID03\", \"parents\": [], \"children\": []}]},"
                + " \"execution\": {\"makespanInSeconds\": 1, \"executedAt\": \"x\", \"tasks\": ["
                + "{\"id\": \"ID01\", \"runtimeInSeconds\": 1, \"command\": {\"program\": \"individuals.py\"}}]}}}";
        Workflow g = WfCommonsImporter.importJson("upload", json15, null).workflow();
        assertEquals(List.of("individuals.py", "sifting", "sifting"), g.functions().stream().map(FunctionDef::source).toList());

        String bad = "{\"schemaVersion\": \"1.4\", \"workflow\": {\"tasks\": ["
                + "{\"name\": \"a\", \"type\": \"compute\", \"command\": \"bwa mem\"},"
                + "{\"name\": \"b\", \"type\": \"compute\", \"command\": {\"program\": 7}, \"category\": \"\"}]}}";
        WorkflowException e = assertThrows(WorkflowException.class, () -> WfCommonsImporter.importJson("upload", bad, null));
        assertEquals(List.of("workflow.tasks[0].command", "workflow.tasks[1].command.program", "workflow.tasks[1].category"),
                e.problems().stream().map(Problem::field).toList());
        assertEquals("a", e.problems().get(0).function());
    }

    // ------------------------------------------------------------------ bad traces

    private static List<Problem> problemsOf(String resource) {
        Path file = resource(resource);
        WorkflowException e = assertThrows(WorkflowException.class, () -> WfCommonsImporter.importTrace(file));
        assertFalse(e.problems().isEmpty());
        for (Problem p : e.problems()) {
            assertEquals(file.toString(), p.file(), "every problem names the file");
        }
        return e.problems();
    }

    private static Problem only(List<Problem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void cycleInTheTrace() {
        Problem p = only(problemsOf("bad-cycle-1.5.json"));
        assertProblem(p, "a", "workflow.specification.tasks[1]", "cycle: a -> b -> c -> a");
    }

    @Test
    void unknownParent() {
        Problem p = only(problemsOf("bad-unknown-parent-1.5.json"));
        assertProblem(p, "b", "workflow.specification.tasks[1].parents", "unknown parent 'nope'");
    }

    @Test
    void missingRequiredFields() {
        List<Problem> problems = problemsOf("bad-missing-fields-1.5.json");
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("workflow.specification.files[0].sizeInBytes", problems.get(0).field());
        assertEquals("workflow.specification.tasks[1].id", problems.get(1).field());
        assertTrue(problems.get(1).message().contains("missing"));
    }

    @Test
    void unknownFileBadRuntimeAndUnknownExecutionTask() {
        List<Problem> problems = problemsOf("bad-unknown-file-1.5.json");
        assertEquals(3, problems.size(), problems.toString());
        assertEquals("a", problems.get(0).function());
        assertEquals("workflow.specification.tasks[0].inputFiles[1]", problems.get(0).field());
        assertTrue(problems.get(0).message().contains("'ghost.txt'"));
        assertEquals("workflow.execution.tasks[0].runtimeInSeconds", problems.get(1).field());
        assertEquals("zzz", problems.get(2).function());
        assertEquals("workflow.execution.tasks[1].id", problems.get(2).field());
    }

    @Test
    void ambiguousParentNameAndBadLink() {
        List<Problem> problems = problemsOf("bad-ambiguous-parent-1.4.json");
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("3", problems.get(0).function());
        assertEquals("workflow.tasks[2].parents", problems.get(0).field());
        assertTrue(problems.get(0).message().contains("several tasks have that name"));
        assertEquals("workflow.tasks[3].files[0].link", problems.get(1).field());
    }

    @Test
    void missingWorkflowObject() {
        Problem p = only(problemsOf("bad-missing-workflow.json"));
        assertEquals("workflow", p.field());
        assertNull(p.function());
    }

    @Test
    void notJson() {
        Problem p = only(problemsOf("bad-not-json.json"));
        assertTrue(p.message().startsWith("not valid JSON (line 1, column"), p.message());
    }

    @Test
    void unsupportedSchemaVersion() {
        Problem p = only(problemsOf("bad-version.json"));
        assertEquals("schemaVersion", p.field());
        assertTrue(p.message().contains("'2.0'"), p.message());
    }

    @Test
    void otherBadDocuments() {
        assertEquals("no such file", assertThrows(WorkflowException.class,
                () -> WfCommonsImporter.importTrace(Path.of("does-not-exist.json"))).problems().get(0).message());
        WorkflowException notObject = assertThrows(WorkflowException.class,
                () -> WfCommonsImporter.importJson("upload", "[1, 2]", "x"));
        assertTrue(notObject.getMessage().startsWith("upload: expected a JSON object"), notObject.getMessage());
        WorkflowException empty = assertThrows(WorkflowException.class,
                () -> WfCommonsImporter.importJson("upload", "   ", "x"));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        WorkflowException noVersion = assertThrows(WorkflowException.class,
                () -> WfCommonsImporter.importJson("upload", "{\"workflow\": {}}", "x"));
        assertEquals("schemaVersion", noVersion.problems().get(0).field());
        WorkflowException wrongLayout = assertThrows(WorkflowException.class, () -> WfCommonsImporter.importJson(
                "upload", "{\"schemaVersion\": \"1.4\", \"workflow\": {\"specification\": {\"tasks\": []}}}", "x"));
        assertEquals("workflow.tasks", wrongLayout.problems().get(0).field());
        WorkflowException selfParent = assertThrows(WorkflowException.class, () -> WfCommonsImporter.importJson("upload",
                "{\"schemaVersion\": \"1.5\", \"workflow\": {\"specification\": {\"tasks\": ["
                        + "{\"name\": \"t\", \"id\": \"t\", \"parents\": [\"t\"], \"children\": []}]}}}", "x"));
        assertTrue(selfParent.getMessage().contains("names itself as parent"), selfParent.getMessage());
    }

    @Test
    void namesAreSanitizedAndMadeUnique() throws Exception {
        String json = "{\"schemaVersion\": \"1.5\", \"name\": \"  ##  \", \"workflow\": {\"specification\": {\"tasks\": ["
                + "{\"name\": \"x\", \"id\": \"a#1\", \"parents\": [], \"children\": [\"a_1\"]},"
                + "{\"name\": \"x\", \"id\": \"a_1\", \"parents\": [], \"children\": [\"virtualNode\"]},"
                + "{\"name\": \"x\", \"id\": \"virtualNode\", \"parents\": [], \"children\": []},"
                + "{\"name\": \"x\", \"id\": \"INPUT\", \"parents\": [], \"children\": []}]}}}";
        Workflow wf = WfCommonsImporter.importJson("upload", json, "fallback-name.json").workflow();
        assertEquals("fallback-name", wf.name());
        assertEquals(List.of("a_1", "a_1_2", "task_virtualNode", "task_INPUT"),
                wf.functions().stream().map(FunctionDef::name).toList());
        assertEquals(List.of("a_1_2"), wf.successorNames("a_1"));
        assertEquals(FunctionKind.REGULAR, wf.function("task_virtualNode").kind());
        assertEquals("workflow", WfCommonsImporter.workflowName(null, null));
    }

    @Test
    void anyTraceIdsBecomeValidNamesAndKeys() throws Exception {
        // Ids and file names no workflow name or key may be: too long, edged with separators, empty after
        // sanitizing, clashing once shortened, starting with a dot.
        String longId = "x".repeat(200);
        String json = "{\"schemaVersion\": \"1.5\", \"name\": \"--" + "w".repeat(100) + "--\", \"workflow\": {"
                + "\"specification\": {\"tasks\": ["
                + "{\"name\": \"t\", \"id\": \"" + longId + "\", \"parents\": [], \"children\": [\"_edge_\"],"
                + " \"outputFiles\": [\".hidden\"]},"
                + "{\"name\": \"t\", \"id\": \"_edge_\", \"parents\": [], \"children\": [],"
                + " \"inputFiles\": [\".hidden\", \"" + "f".repeat(300) + "\"]},"
                + "{\"name\": \"t\", \"id\": \"" + longId + "y\", \"parents\": [], \"children\": []},"
                + "{\"name\": \"t\", \"id\": \"\u00e9\u00e9\", \"parents\": [], \"children\": []},"
                + "{\"name\": \"t\", \"id\": \"...\", \"parents\": [], \"children\": []}],"
                + "\"files\": [{\"id\": \".hidden\", \"sizeInBytes\": 1}, {\"id\": \"" + "f".repeat(300) + "\", \"sizeInBytes\": 2}]}}}";
        Workflow wf = WfCommonsImporter.importJson("upload", json, null).workflow();
        assertEquals("w".repeat(63), wf.name());
        List<String> names = wf.functions().stream().map(FunctionDef::name).toList();
        assertEquals(List.of("x".repeat(63), "edge", "x".repeat(61) + "_2", "task", "task_2"), names);
        for (FunctionDef f : wf.functions()) {
            for (String key : f.inputs().keySet()) {
                assertEquals(null, dev.faasflow.workflow.Limits.keyProblem(key), key);
            }
        }
        assertTrue(wf.function("edge").inputs().containsKey("_.hidden"), wf.function("edge").inputs().toString());
        // What it writes reads back: the names pass the loader's rules too.
        Workflow back = WorkflowLoader.parse("again.yaml", wf.name(), dev.faasflow.workflow.WorkflowWriter.toYaml(wf));
        // (images come from function_info.yaml, which the YAML of the definition does not carry)
        assertEquals(wf.functions().stream().map(f -> f.withImage(null)).toList(), back.functions());
    }

    @Test
    void numericIdsSurviveTheYamlRoundTrip() throws Exception {
        // Makeflow-style 1.4: repeated names, numeric-looking ids, both parents and children.
        String json = "{\"schemaVersion\": \"1.4\", \"name\": \"mf\", \"workflow\": {\"tasks\": ["
                + "{\"name\": \"run\", \"id\": \"1\", \"type\": \"compute\", \"children\": [\"2\"],"
                + " \"files\": [{\"name\": \"true\", \"sizeInBytes\": 5, \"link\": \"output\"}]},"
                + "{\"name\": \"run\", \"id\": \"2\", \"type\": \"compute\", \"parents\": [\"1\"],"
                + " \"files\": [{\"name\": \"true\", \"sizeInBytes\": 5, \"link\": \"input\"}]}]}}";
        Workflow wf = WfCommonsImporter.importJson("upload", json, null).workflow();
        assertEquals(List.of("1", "2"), wf.functions().stream().map(FunctionDef::name).toList());
        assertEquals(List.of("run", "run"), wf.functions().stream().map(FunctionDef::source).toList());
        assertEquals(1, wf.edgeCount());
        String yaml = WorkflowWriter.toYaml(wf);
        Workflow back = WorkflowLoader.parse("mf.yaml", "mf", yaml);
        assertEquals(withoutImages(wf), withoutImages(back));
        assertEquals("1", back.function("2").inputs().get("true").value().function());
    }
}
