package dev.faasflow.functions.benchmarks;

import dev.faasflow.contract.RunRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Requests as the agent builds them (the contract's own checks are the contract module's tests). */
class RunRequestTest {

    @Test
    void builderFromTheWorkflowSetsKeysInstancesAndPassThroughs() {
        RunRequest merge = TestEnv.request("wordcount", "merge", "inv").foreachWidth("count", 4).build();
        assertEquals(4, merge.inputNamed("wordcount").instances());
        assertNull(merge.inputNamed("filename").instances());
        assertEquals("wc_merge", merge.image());
        assertEquals(0.05, merge.runtimeSeconds());

        RunRequest upload = TestEnv.request("video", "upload", "inv").build();
        assertEquals("video_name", upload.outputNamed("video_name").from());
        assertNull(upload.outputNamed("gif").from());
        assertEquals(4_439_111, upload.outputNamed("gif").size());
    }
}
