package dev.faasflow.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyRecorderTest {
    /** Within HdrHistogram's three significant digits. */
    private static void assertNear(long expected, long actual) {
        assertEquals(expected, actual, expected / 1000.0 + 1, "got " + actual);
    }

    @Test
    void percentilesOfTheSamples() {
        LatencyRecorder r = new LatencyRecorder(1_000);
        assertEquals(-1, r.percentile(50));
        for (int i = 1; i <= 100; i++) {
            r.record(i * 1_000_000L);
        }
        assertEquals(100, r.count());
        assertNear(50_000_000, r.percentile(50));
        assertNear(99_000_000, r.percentile(99));
        assertNear(100_000_000, r.percentile(100));
        r.reset();
        assertEquals(0, r.count());
        assertEquals(-1, r.percentile(99));
    }

    @Test
    void oldSamplesAgeOutAfterTwoWindows() {
        LatencyRecorder r = new LatencyRecorder(10);
        for (int i = 0; i < 10; i++) {
            r.record(1_000_000_000L); // slow, then only fast ones
        }
        for (int i = 0; i < 20; i++) {
            r.record(1_000L);
        }
        assertEquals(30, r.count());
        assertNear(1_000, r.percentile(100));
        assertThrows(IllegalArgumentException.class, () -> new LatencyRecorder(0));
    }
}
