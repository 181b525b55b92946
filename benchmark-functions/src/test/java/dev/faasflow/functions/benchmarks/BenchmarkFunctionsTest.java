package dev.faasflow.functions.benchmarks;

import dev.faasflow.functions.testing.TestServers;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FunctionRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the benchmark runtime serves: every benchmark's functions by image and workflow/source, replay for the rest. */
class BenchmarkFunctionsTest {

    @Test
    void theRegistryListsEveryBenchmarkAndReplaysTheRest() {
        TestServers.Reply functions = TestServers.send(TestEnv.SERVERS.strictPort(), "GET", "/v1/functions", null);
        assertEquals(200, functions.status());
        String names = functions.body().get("functions").toString();
        for (String name : List.of("replay", "wc_start", "wordcount/count", "fileprocessing/conversion",
                "video_split", "illgal_recognizer/word_censor", "recognizer_adult", "genome/*")) {
            assertTrue(names.contains("\"" + name + "\""), name + " in " + names);
        }
        assertTrue(functions.body().get("fallback").isNull(), "strict: no fallback");
        assertEquals("replay", TestServers.send(TestEnv.SERVERS.port(), "GET", "/v1/functions", null).body().get("fallback").asText());

        RunRequest unknown = new RunRequest("custom", TestEnv.invocation(), "f", "nothing", "no_such_image", null,
                null, null, 0, 0, TestEnv.STORE_URL, "MEM", List.of(), List.of(), null);
        assertEquals(404, TestServers.run(TestEnv.SERVERS.strictPort(), unknown).status());
        TestServers.Reply replayed = TestEnv.run(unknown);
        assertEquals(200, replayed.status());
        assertEquals("replay", replayed.body().get("implementation").asText());
        RunRequest known = TestEnv.request("wordcount", "start", TestEnv.invocation())
                .input(TestEnv.json("{\"size_bytes\": 1000}")).build();
        assertEquals("wc_start", TestEnv.ok(known).get("implementation").asText());
    }

    @Test
    void itIsAlsoAProviderTheSdksDiscoveryFinds() {
        FunctionRegistry discovered = FunctionRegistry.discover();
        assertNotNull(discovered.get("wc_count"));
        assertNotNull(discovered.get("soykb/*"));
        assertEquals(null, discovered.fallbackName(), "the fallback is the runtime's choice, not the provider's");
    }
}
