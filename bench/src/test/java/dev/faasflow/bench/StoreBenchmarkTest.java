package dev.faasflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.fixtures.RedisServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness runs and reports what it measured; its numbers are not asserted (this is no timing test). */
class StoreBenchmarkTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static String run(int expectedExit, boolean json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StoreBenchmark.Settings quick = new StoreBenchmark.Settings(json, REDIS.url(), false,
                StoreBenchmark.Settings.DEFAULT_RATE_MBPS, true);
        int exit = StoreBenchmark.run(quick, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, out);
        return out;
    }

    @Test
    void jsonReportHasEveryTierAndSize() throws Exception {
        JsonNode report = new ObjectMapper().readTree(run(0, true));
        Set<String> rows = new HashSet<>();
        for (JsonNode m : report.get("results")) {
            rows.add(m.get("tier").asText() + "/" + m.get("sizeBytes").asInt());
            assertTrue(m.get("putGetMBps").asDouble() > 0, m.toString());
            assertTrue(m.get("getP99Ms").asDouble() >= m.get("getP50Ms").asDouble(), m.toString());
        }
        for (String tier : new String[] {"local", "local+copy", "remote"}) {
            for (int size : StoreBenchmark.SIZES) {
                assertTrue(rows.contains(tier + "/" + size), "missing " + tier + "/" + size + " in " + rows);
            }
        }
        assertTrue(report.get("goals").get("local").has("atLeast10xRemote"), report.get("goals").toString());
        assertEquals(REDIS.url(), report.get("results").get(6).get("where").asText());
    }

    @Test
    void tableNamesTheColumnsAndTheGoals() {
        String table = run(0, false);
        assertTrue(table.contains("put p50/p99 ms"), table);
        assertTrue(table.contains("16 MB"), table);
        assertTrue(table.contains(">= 10x remote on loopback"), table);
    }

    @Test
    void percentilesAreWithinTheHistogramsPrecision() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        assertEquals(50.0, StoreBenchmark.percentileMs(nanos, 50), 0.05);
        assertEquals(99.0, StoreBenchmark.percentileMs(nanos, 99), 0.1);
        assertEquals(7.0, StoreBenchmark.percentileMs(new long[] {7_000_000}, 99), 0.01);
    }
}
