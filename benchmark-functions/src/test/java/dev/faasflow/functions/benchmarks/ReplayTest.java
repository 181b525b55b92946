package dev.faasflow.functions.benchmarks;

import dev.faasflow.functions.testing.TestServers;
import dev.faasflow.functions.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.replay.Filler;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {

    @Test
    void scientificFunctionReadsEveryInputAndWritesDeclaredSizes() {
        Workflow genome = TestEnv.benchmark("genome");
        FunctionDef fn = genome.functions().stream()
                .filter(f -> !f.kind().isControl() && !f.inputs().isEmpty() && f.outputs().size() >= 1)
                .findFirst().orElseThrow();
        String inv = TestEnv.invocation();
        long bytesIn = 0;
        for (DataSpec in : fn.inputs().values()) {
            byte[] v = new byte[(int) Math.min(Math.max(in.size(), 1), 1 << 20)];
            TestEnv.STORE.put(inv, in.key(), v);
            bytesIn += v.length;
        }
        RunRequest request = TestEnv.request("genome", fn.name(), inv).destination("DB+MEM").build();
        JsonNode response = TestEnv.ok(request);

        assertEquals("genome/*", response.get("implementation").asText());
        assertEquals(fn.name(), response.get("function").asText());
        assertEquals(fn.inputs().size(), response.get("gets").asLong());
        assertEquals(fn.outputs().size(), response.get("puts").asLong());
        assertEquals(bytesIn, response.get("bytesRead").asLong());
        long bytesOut = 0;
        for (DataSpec out : fn.outputs().values()) {
            byte[] stored = TestEnv.STORE.get(inv, out.name());
            assertEquals(out.size(), stored.length, "size of " + out.name());
            assertEquals("DB+MEM", TestEnv.STORE.destination(inv, out.name()));
            bytesOut += out.size();
        }
        assertEquals(bytesOut, response.get("bytesWritten").asLong());
        assertTrue(response.get("durationMs").asDouble() >= response.get("dataMs").asDouble());
    }

    @Test
    void fillerIsDeterministicSharedAndAllowsSizeZero() {
        assertEquals(0, Filler.of(0).length);
        byte[] a = Filler.of(1000);
        assertSame(a, Filler.of(1000));
        assertEquals(1000, a.length);
        assertArrayEquals(java.util.Arrays.copyOf(Filler.of(5000), 1000), a);
    }

    @Test
    void zeroSizeOutputAndUndeclaredWorkflowFallBackToReplay() {
        String inv = TestEnv.invocation();
        RunRequest request = new RunRequest("custom", inv, "f", "something", null, null, null, null, 0, 0,
                TestEnv.STORE_URL, "DB", List.of(),
                List.of(new RunRequest.Output("empty", "normal", 0, null),
                        new RunRequest.Output("small", "normal", 10, null)), null);
        JsonNode response = TestEnv.ok(request);
        assertEquals("replay", response.get("implementation").asText());
        assertEquals(0, TestEnv.STORE.get(inv, "empty").length);
        assertEquals(10, TestEnv.STORE.get(inv, "small").length);
    }

    @Test
    void passThroughCopiesTheStoredGlobalInput() {
        String inv = TestEnv.invocation();
        TestEnv.STORE.put(inv, "split", "true".getBytes(StandardCharsets.UTF_8));
        TestEnv.STORE.put(inv, "video_name", "\"sample.mp4\"".getBytes(StandardCharsets.UTF_8));
        TestEnv.STORE.put(inv, "user_name", "\"ann\"".getBytes(StandardCharsets.UTF_8));
        TestEnv.STORE.put(inv, "segment_time", "10".getBytes(StandardCharsets.UTF_8));
        // target_type is not stored: it is copied from the request's global input instead
        RunRequest upload = TestEnv.request("video", "upload", inv)
                .input(TestEnv.json("{\"target_type\": \"avi\"}")).build();
        assertEquals("split", upload.outputNamed("split").from());
        TestEnv.ok(upload);
        assertEquals("true", new String(TestEnv.STORE.get(inv, "split"), StandardCharsets.UTF_8));
        assertEquals("\"sample.mp4\"", new String(TestEnv.STORE.get(inv, "video_name"), StandardCharsets.UTF_8));
        assertEquals("\"avi\"", new String(TestEnv.STORE.get(inv, "target_type"), StandardCharsets.UTF_8));
        assertEquals(4_439_111, TestEnv.STORE.get(inv, "gif").length);
        assertEquals(8, TestEnv.STORE.get(inv, "output_prefix").length);
    }

    @Test
    void foreachInstanceWritesIndexedKeys() {
        String inv = TestEnv.invocation();
        TestEnv.STORE.put(inv, "user_name", TestEnv.jsonBytes("ann"));
        TestEnv.STORE.put(inv, "target_type", TestEnv.jsonBytes("avi"));
        TestEnv.STORE.put(inv, "split_keys", TestEnv.jsonBytes(List.of("segment-0", "segment-1", "segment-2")));
        RunRequest transcode = TestEnv.request("video", "transcode", inv)
                .foreach(1, 3, Json.MAPPER.getNodeFactory().textNode("segment-1")).build();
        TestEnv.ok(transcode);
        assertEquals(22_694_084, TestEnv.STORE.get(inv, "content#1").length);
        assertNull(TestEnv.STORE.get(inv, "content"));
        assertNull(TestEnv.STORE.get(inv, "content#0"));
    }

    @Test
    void manyConcurrentSleepingRunsAllSucceed() {
        String inv = TestEnv.invocation();
        List<CompletableFuture<TestServers.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            RunRequest r = new RunRequest("custom", inv, "sleepy", "sleepy", null, n % 6, 6, null, 0.2, 1,
                    TestEnv.STORE_URL, "MEM", List.of(), List.of(new RunRequest.Output("out" + n, "normal", 100, null)),
                    null);
            replies.add(CompletableFuture.supplyAsync(() -> TestEnv.run(r)));
        }
        for (int i = 0; i < replies.size(); i++) {
            TestServers.Reply reply = replies.get(i).join();
            assertEquals(200, reply.status(), reply.body().toString());
            assertFalse(reply.body().has("error"));
            assertEquals(100, TestEnv.STORE.get(inv, "out" + i + "#" + (i % 6)).length);
        }
    }
}
