package dev.faasflow.operator;

import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's faasflow.* configuration as the chart sets it (environment variables), read at start. */
class OperatorSettingsTest {
    /** The settings the operator would start with under these environment variables. */
    private static OperatorSettings read(Map<String, String> env) {
        OperatorConfig config = new SmallRyeConfigBuilder().withMapping(OperatorConfig.class)
                .withSources(new EnvConfigSource(env, 300)).build().getConfigMapping(OperatorConfig.class);
        return OperatorRuntime.settings(config);
    }

    private static OperatorSettings read(String name, String value) {
        Map<String, String> env = new HashMap<>();
        env.put(name, value);
        return read(env);
    }

    @Test
    void withNothingSetTheDefaultsApply() {
        OperatorSettings s = read(Map.of());
        assertEquals(OperatorSettings.defaults(), s);
    }

    @Test
    void everyVariableTheChartSetsReachesTheSettings() {
        OperatorSettings s = read(Map.ofEntries(
                Map.entry("FAASFLOW_SLOTS_PER_NODE", "96"),
                Map.entry("FAASFLOW_FUNCTION_IMAGE", "registry.example/functions:1"),
                Map.entry("FAASFLOW_FUNCTION_BASE_PORT", "9000"),
                Map.entry("FAASFLOW_AGENT_NAMESPACE", "faasflow"),
                Map.entry("FAASFLOW_AGENT_SELECTOR", "app=agent"),
                Map.entry("FAASFLOW_INVOCATION_DEFAULT_TIMEOUT_SECONDS", "42"),
                Map.entry("FAASFLOW_DEPLOY_TIMEOUT_MS", "1234"),
                Map.entry("FAASFLOW_QUOTA_BYTES", "268435456"),
                Map.entry("FAASFLOW_DEFAULT_CONTROL_MODE", "MasterSP"),
                Map.entry("FAASFLOW_DEFAULT_DATA_MODE", "raw"),
                Map.entry("FAASFLOW_PODS_RUNS_PER_POD", "10"),
                Map.entry("FAASFLOW_PODS_IDLE_SECONDS", "60"),
                Map.entry("FAASFLOW_NETWORK_POLICY", "false")));
        assertEquals(new OperatorSettings(96, "registry.example/functions:1", 9000, "faasflow", "app=agent", 42, 1234,
                268_435_456L, ControlMode.MASTER_SP, DataMode.RAW, 30, new OperatorSettings.PoolSizing(10, 60), false), s);
    }

    @Test
    void theEngineSettingsAreTypedToo() {
        Map<String, String> env = Map.of("FAASFLOW_COORDINATOR_PORT", "9191", "FAASFLOW_COORDINATOR_PROBE_WORKERS",
                "false", "FAASFLOW_FUNCTION_TIMEOUT_MS", "5000", "FAASFLOW_REDIS", "redis://r:6379");
        OperatorConfig config = new SmallRyeConfigBuilder().withMapping(OperatorConfig.class)
                .withSources(new EnvConfigSource(env, 300)).build().getConfigMapping(OperatorConfig.class);
        assertEquals(9191, config.coordinator().port());
        assertEquals(false, config.coordinator().probeWorkers());
        assertEquals(5000, config.functionTimeoutMs());
        assertEquals("redis://r:6379", config.redis().orElseThrow());
    }

    @Test
    void anEmptyQuotaIsTheFormula() {
        assertNull(read("FAASFLOW_QUOTA_BYTES", "").quotaBytes());
        assertNull(read("FAASFLOW_QUOTA_BYTES", " ").quotaBytes());
        assertEquals(0L, read("FAASFLOW_QUOTA_BYTES", "0").quotaBytes());
    }

    @Test
    void aBadQuotaStopsTheStartNamingTheSetting() {
        for (String bad : new String[] {"-5", "256Mi", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> read("FAASFLOW_QUOTA_BYTES", bad));
            assertTrue(e.getMessage().contains("faasflow.quota-bytes") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void badModesAreRefusedNamingTheSetting() {
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> read("FAASFLOW_DEFAULT_CONTROL_MODE", "workers"));
        assertTrue(control.getMessage().contains("faasflow.default-control-mode"), control.getMessage());
        IllegalArgumentException data = assertThrows(IllegalArgumentException.class,
                () -> read("FAASFLOW_DEFAULT_DATA_MODE", "fast"));
        assertTrue(data.getMessage().contains("faasflow.default-data-mode"), data.getMessage());
        assertEquals(ControlMode.WORKER_SP, read("FAASFLOW_DEFAULT_CONTROL_MODE", "").defaultControlMode());
    }
}
