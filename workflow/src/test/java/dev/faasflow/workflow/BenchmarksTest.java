package dev.faasflow.workflow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

class BenchmarksTest {

    @ParameterizedTest
    @CsvSource({
            "cycles,46,52", "epigenomics,45,50", "genome,50,74", "soykb,45,77",
            "video,6,5", "illgal_recognizer,10,11", "fileprocessing,4,4", "wordcount,3,2"})
    void everyBenchmarkLoadsWithThePapersShape(String name, int functions, int edges) throws Exception {
        Workflow wf = Benchmarks.load(name);
        assertEquals(name, wf.name());
        assertEquals(functions, wf.size(), "functions");
        assertEquals(edges, wf.edgeCount(), "edges");
        assertEquals(functions, wf.topologicalOrder().length);
    }

    @Test
    void aliasesAreResolvedAndFunctionInfoIsRead() throws Exception {
        Workflow cycles = Benchmarks.load("cycles");
        FunctionDef first = cycles.function("baseline_cycles_00000001");
        DataSpec soil = first.inputs().get("d72a530d-f0d4-4af6-aabd-07a923a31559.soil");
        assertEquals(739, soil.size());
        assertTrue(soil.value().fromGlobalInput());
        assertEquals("cycles_baseline_cycles_00000001", first.image());
        assertEquals(10, cycles.maxContainers());
    }

    @Test
    void foreachAndMergeFunctionsAreDerived() throws Exception {
        Workflow video = Benchmarks.load("video");
        assertTrue(video.isForeach("transcode"));
        assertTrue(video.isMerge("merge"));
        assertFalse(video.isForeach("merge"));
        assertEquals(FunctionKind.VIRTUAL, video.function("virtual1").kind());
        assertEquals(30, video.maxContainers());
        assertEquals("split_keys", video.function("transcode").foreachKeyInput().orElseThrow().key());

        Workflow ir = Benchmarks.load("illgal_recognizer");
        assertEquals(FunctionKind.END, ir.function("END").kind());
        assertEquals(2, ir.predecessorNames("mosaic").size());
    }

    @Test
    void loadsFromAPathToo() throws Exception {
        Workflow wf = Benchmarks.loadPathOrName(Path.of("..", "benchmarks", "wordcount", "flat_workflow.yaml").toString());
        assertEquals("wordcount", wf.name());
        assertEquals(60, wf.maxContainers());
    }
}
