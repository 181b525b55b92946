package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimulatedLinkTest {
    @Test
    void transfersQueueBehindEachOther() {
        SimulatedLink link = new SimulatedLink(1_000_000); // 1 byte per microsecond
        assertEquals(1_000_000L, link.book(1_000, 0), "1000 B take 1 ms");
        assertEquals(2_000_000L, link.book(1_000, 500_000), "the second waits for the first");
        assertEquals(10_000_000L, link.book(1_000, 9_000_000), "an idle link starts at once");
    }

    @Test
    void bandwidthMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SimulatedLink(0));
    }
}
