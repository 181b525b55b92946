package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;

class WorkflowQuotaTest {
    private static final long MIB_256 = 256L * 1024 * 1024;

    @Test
    void formulaSumsNonVirtualFunctionsWeightedBySplitRatio() throws Exception {
        Workflow wf = WorkflowLoader.parse("test", "q", """
                functions:
                - name: a
                  source: a
                  runtime: 1
                  mem_usage: 0.25
                  next: {type: pass, nodes: [virtual1]}
                - name: virtual1
                  source: VIRTUAL
                  runtime: 1
                  mem_usage: 0.25
                  next: {type: pass, nodes: [b]}
                - name: b
                  source: b
                  runtime: 1
                  mem_usage: 0.5
                  split_ratio: 4
                """);
        // a: 0.55 × 256 MiB; b: 0.3 × 256 MiB × 4; virtual1 runs no container.
        assertEquals((long) ((0.55 + 1.2) * MIB_256), dev.faasflow.workflow.MemoryQuota.of(wf));
    }

    @Test
    void wordCountHasThreeFunctionsAtAQuarterMemoryUse() throws Exception {
        assertEquals((long) (3 * 0.55 * MIB_256), dev.faasflow.workflow.MemoryQuota.of(Benchmarks.load("wordcount")));
    }

    @Test
    void definingAWorkflowUsesTheOverrideWhenConfigured() throws Exception {
        Workflow wc = Benchmarks.load("wordcount");
        try (FaaStore formula = FaaStore.embedded(StoreConfig.defaults());
             FaaStore overridden = FaaStore.embedded(StoreConfig.defaults().withQuotaOverrideBytes(1234))) {
            assertEquals(dev.faasflow.workflow.MemoryQuota.of(wc), formula.defineWorkflow(wc));
            assertEquals(1234, overridden.defineWorkflow(wc));
            assertEquals(1234, overridden.stats().workflows().get(wc.name()).quotaBytes());
        }
    }
}
