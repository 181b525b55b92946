package dev.faasflow.operator;

import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The faasflow.quota-bytes and faasflow.default-*-mode settings as the operator reads them at start. */
class OperatorSettingsTest {
    private static OperatorSettings read(Optional<String> quota, String control, String data) {
        return OperatorRuntime.settings(120, OperatorSettings.DEFAULT_FUNCTION_IMAGE, 8080, Optional.empty(),
                OperatorSettings.DEFAULT_AGENT_SELECTOR, 300, 30_000, quota, control, data);
    }

    @Test
    void absentOrEmptyQuotaIsTheFormula() {
        assertNull(read(Optional.empty(), "WorkerSP", "optimized").quotaBytes());
        assertNull(read(Optional.of(" "), "WorkerSP", "optimized").quotaBytes());
        assertEquals(268_435_456L, read(Optional.of("268435456"), "WorkerSP", "optimized").quotaBytes());
        assertEquals(0L, read(Optional.of("0"), "WorkerSP", "optimized").quotaBytes());
    }

    @Test
    void aBadQuotaStopsTheStartNamingTheSetting() {
        for (String bad : new String[] {"-5", "256Mi", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> read(Optional.of(bad), "WorkerSP", "optimized"));
            assertTrue(e.getMessage().contains("faasflow.quota-bytes") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void defaultModesAreParsedAndBadOnesRefused() {
        OperatorSettings s = read(Optional.empty(), "MasterSP", "raw");
        assertEquals(ControlMode.MASTER_SP, s.defaultControlMode());
        assertEquals(DataMode.RAW, s.defaultDataMode());
        OperatorSettings blank = read(Optional.empty(), "", "");
        assertEquals(ControlMode.WORKER_SP, blank.defaultControlMode());
        assertEquals(DataMode.OPTIMIZED, blank.defaultDataMode());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> read(Optional.empty(), "workers", "raw"));
        assertTrue(control.getMessage().contains("faasflow.default-control-mode"), control.getMessage());
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> read(Optional.empty(), "WorkerSP", "fast"));
        assertTrue(data.getMessage().contains("faasflow.default-data-mode"), data.getMessage());
    }
}
