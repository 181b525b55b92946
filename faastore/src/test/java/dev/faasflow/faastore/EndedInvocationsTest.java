package dev.faasflow.faastore;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndedInvocationsTest {
    @Test
    void remembersAtMostItsCapacityOldestForgottenFirst() {
        EndedInvocations ended = new EndedInvocations(3, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            ended.end("inv-" + i);
        }
        assertEquals(3, ended.size());
        assertFalse(ended.hasEnded("inv-6"));
        for (int i = 7; i < 10; i++) {
            assertTrue(ended.hasEnded("inv-" + i));
        }
        ended.end("inv-9"); // marking again adds nothing
        assertEquals(3, ended.size());
    }

    @Test
    void forgetsAfterItsRetention() throws Exception {
        EndedInvocations ended = new EndedInvocations(100, Duration.ofMillis(50));
        ended.end("old");
        assertTrue(ended.hasEnded("old"));
        Thread.sleep(120);
        assertFalse(ended.hasEnded("old"), "past its retention");
        ended.end("new");
        assertEquals(1, ended.size(), "the expired one is dropped when the next is marked");
    }

    @Test
    void boundsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new EndedInvocations(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new EndedInvocations(1, Duration.ZERO));
    }
}
