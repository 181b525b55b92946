package dev.faasflow.grouping;

import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the artifact's setting (7 nodes x 120 slots, each workflow alone) we reproduce its group sizes. */
class ArtifactGroupSizesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "video;5,1", "fileprocessing;4", "wordcount;3", "cycles;22,22,1,1",
            "epigenomics;32,13", "genome;24,24,1,1", "soykb;32,5,5,1,1,1", "illgal_recognizer;8,1,1"})
    void groupSizesMatchTheArtifact(String name, String sizes) throws Exception {
        Workflow wf = Benchmarks.load(name);
        Plan plan = GroupingPlanner.plan(wf, Nodes.uniform(7, 120), GroupingOptions.defaults());
        List<Integer> expected = Arrays.stream(sizes.split(",")).map(Integer::parseInt).toList();
        assertEquals(expected, plan.groupSizes(), plan.stopReason());
    }
}
