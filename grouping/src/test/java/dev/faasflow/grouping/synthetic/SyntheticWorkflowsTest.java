package dev.faasflow.grouping.synthetic;

import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import dev.faasflow.workflow.WorkflowWriter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticWorkflowsTest {

    @Test
    void scientificPipelinesHaveManyTasksAndFewPrograms() throws Exception {
        for (int[] shape : new int[][] {{546, 14}, {1_000, 14}, {738, 5}, {1_001, 2}, {3_000, 10}, {14, 14}, {7, 1}}) {
            Workflow wf = SyntheticWorkflows.scientific(shape[0], shape[1], 42);
            assertEquals(shape[0], wf.size(), wf.name());
            TreeMap<String, Long> perProgram = wf.functions().stream()
                    .collect(Collectors.groupingBy(FunctionDef::source, TreeMap::new, Collectors.counting()));
            assertEquals(shape[1], perProgram.size(), wf.name() + " " + perProgram);
            for (FunctionDef f : wf.functions()) {
                assertTrue(f.name().startsWith(f.source() + "_"), f.name());
                assertTrue(f.runtime() > 0 && f.outputBytes() > 0, f.name());
            }
            // The first program's tasks start the workflow, each reading one global input.
            String first = perProgram.firstKey();
            assertEquals(perProgram.get(first).intValue(), wf.startFunctions().size(), wf.name());
            assertEquals(wf.startFunctions().size(), wf.globalInputs().size());
            wf.startFunctions().forEach(s -> assertTrue(s.startsWith(first), s));
        }
    }

    @Test
    void thePipelineChainsScattersAndGathers() {
        int[] widths = SyntheticWorkflows.stageWidths(546, 14);
        assertEquals(546, Arrays.stream(widths).sum());
        assertEquals(List.of(55, 55, 55, 55, 55, 55, 55, 119, 13, 13, 13, 1, 1, 1),
                Arrays.stream(widths).boxed().toList());
        Workflow wf = SyntheticWorkflows.scientific(546, 14, 42);
        // chain: one parent; scatter: two pieces per sample (roughly); gather: a block; the end: one sink
        assertEquals(List.of("program01_00003"), wf.predecessorNames("program02_00003"));
        assertEquals(List.of("program07_00000"), wf.predecessorNames("program08_00001"));
        assertTrue(wf.predecessorNames("program09_00000").size() >= 9);
        assertEquals(13, wf.predecessorNames("program12_00000").size());
        assertEquals(List.of("program14_00000"), wf.sinkFunctions());
    }

    @Test
    void generatedWorkflowsAreDeterministicAndRoundTrip() throws Exception {
        Workflow a = SyntheticWorkflows.scientific(1_000, 14, 7);
        Workflow b = SyntheticWorkflows.scientific(1_000, 14, 7);
        assertEquals(WorkflowWriter.toYaml(a), WorkflowWriter.toYaml(b));
        Workflow back = WorkflowLoader.parse("scientific.yaml", a.name(), WorkflowWriter.toYaml(a));
        assertEquals(a.functions(), back.functions());
        assertEquals(a.edgeCount(), back.edgeCount());
        assertThrows(IllegalArgumentException.class, () -> SyntheticWorkflows.scientific(3, 5, 1));
    }

    @Test
    void aSizeFactorScalesTheBytesAndKeepsTheShape() {
        Workflow full = SyntheticWorkflows.scientific(300, 5, 9);
        Workflow small = SyntheticWorkflows.scientific(300, 5, 9, 1e-3);
        assertEquals(full.size(), small.size());
        long fullBytes = 0;
        long smallBytes = 0;
        for (FunctionDef f : full.functions()) {
            FunctionDef g = small.function(f.name());
            assertEquals(f.runtime(), g.runtime(), f.name());
            assertEquals(full.predecessorNames(f.name()), small.predecessorNames(f.name()));
            fullBytes += f.outputBytes();
            smallBytes += g.outputBytes();
        }
        assertTrue(smallBytes * 500 < fullBytes && smallBytes * 2_000 > fullBytes, smallBytes + " vs " + fullBytes);
        assertThrows(IllegalArgumentException.class, () -> SyntheticWorkflows.scientific(300, 5, 9, 0));
    }
}
