package dev.faasflow.faastore;

import dev.faasflow.workflow.DataMode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faasflow.workflow.Destination;
import org.junit.jupiter.api.Test;

class WritePlanTest {
    @Test
    void optimizedFollowsTheDestination() {
        assertEquals(new WritePlan(true, false), WritePlan.of(DataMode.OPTIMIZED, Destination.MEM));
        assertEquals(new WritePlan(false, true), WritePlan.of(DataMode.OPTIMIZED, Destination.DB));
        assertEquals(new WritePlan(true, true), WritePlan.of(DataMode.OPTIMIZED, Destination.DB_MEM));
    }

    @Test
    void rawIsRemoteOnlyWhateverThePlan() {
        for (Destination d : Destination.values()) {
            assertEquals(new WritePlan(false, true), WritePlan.of(DataMode.RAW, d), d.name());
        }
    }

    @Test
    void aRefusedLocalWriteGoesRemote() {
        assertEquals(new WritePlan(false, true), WritePlan.of(DataMode.OPTIMIZED, Destination.MEM).afterLocalRefusal());
        assertEquals(new WritePlan(false, true), WritePlan.of(DataMode.OPTIMIZED, Destination.DB_MEM).afterLocalRefusal());
        assertThrows(IllegalArgumentException.class, () -> new WritePlan(false, false));
    }

    @Test
    void dataModeParsesTheArtifactSpelling() {
        assertEquals(DataMode.RAW, DataMode.parse("raw"));
        assertEquals(DataMode.OPTIMIZED, DataMode.parse(" Optimized "));
        assertThrows(IllegalArgumentException.class, () -> DataMode.parse("fast"));
    }
}
