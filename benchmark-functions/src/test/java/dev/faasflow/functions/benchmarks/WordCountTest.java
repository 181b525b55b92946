package dev.faasflow.functions.benchmarks;

import dev.faasflow.functions.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.functions.wordcount.WordCount;
import dev.faasflow.functions.wordcount.WordCounts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordCountTest {

    @Test
    void startCountsAndMergeEqualTheDirectCount() {
        String inv = TestEnv.invocation();
        var input = TestEnv.json("{\"size_bytes\": 300000, \"chunks\": 3, \"seed\": 7}");
        JsonNode start = TestEnv.ok(TestEnv.request("wordcount", "start", inv).input(input).build());
        assertEquals("wc_start", start.get("implementation").asText());

        JsonNode ids = TestEnv.stored(inv, "filename");
        assertEquals(3, ids.size());
        String text = new String(TestEnv.STORE.get(inv, "file"), StandardCharsets.UTF_8);
        assertTrue(text.length() >= 300_000 && text.length() < 310_000, "size " + text.length());
        assertEquals(WordCount.text(300_000, 7), text);

        for (int i = 0; i < ids.size(); i++) {
            TestEnv.ok(TestEnv.request("wordcount", "count", inv).input(input)
                    .foreach(i, ids.size(), ids.get(i)).build());
        }
        JsonNode merge = TestEnv.ok(TestEnv.request("wordcount", "merge", inv).input(input)
                .foreachWidth("count", 3).build());
        assertEquals(4, merge.get("gets").asLong(), "filename + 3 word counts");

        JsonNode result = TestEnv.stored(inv, "result");
        TreeMap<String, Long> direct = WordCounts.count(text);
        Map<String, Long> merged = Json.MAPPER.convertValue(result.get("counts"),
                new com.fasterxml.jackson.core.type.TypeReference<TreeMap<String, Long>>() {
                });
        assertEquals(direct, merged);
        assertEquals(direct.values().stream().mapToLong(Long::longValue).sum(), result.get("totalWords").asLong());
        assertEquals(direct.size(), result.get("distinctWords").asInt());
        assertEquals(3, result.get("chunks").asInt());
        // the chunks really split the text: no chunk holds all of it
        long first = TestEnv.stored(inv, "wordcount#0").size();
        assertTrue(first > 0);
    }

    @Test
    void chunksPartitionTheText() {
        String text = WordCount.text(20_000, 3);
        TreeMap<String, Long> sum = new TreeMap<>();
        int covered = 0;
        for (int i = 0; i < 5; i++) {
            int[] b = WordCounts.chunkBounds(text, i, 5);
            assertEquals(covered, b[0]);
            covered = b[1];
            WordCounts.countChunk(text, i, 5).forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        assertEquals(text.length(), covered);
        assertEquals(WordCounts.count(text), sum);
        assertEquals(Map.of("the", 2L, "cat", 1L, "sat", 1L), WordCounts.count("The cat, the... SAT!\n"));
        assertEquals(2, WordCounts.chunkIndex(Json.MAPPER.getNodeFactory().textNode("chunk-2"), 0));
    }
}
