package dev.faasflow.operator.invocation;

import dev.faasflow.workflow.InvocationPhase;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator's invocation metrics (Prometheus at /metrics): {@code faasflow_invocations_running},
 * {@code faasflow_invocations_total{event}} and {@code faasflow_invocation_duration{phase}}.
 */
final class InvocationMetrics {
    private final MeterRegistry registry;

    /** @param registry null: no metrics (tests of the logic alone) */
    InvocationMetrics(MeterRegistry registry, Map<?, ?> running) {
        this.registry = registry;
        if (registry != null) {
            registry.gaugeMapSize("faasflow.invocations.running", List.of(), running);
        }
    }

    void started() {
        if (registry != null) {
            registry.counter("faasflow.invocations", "event", "started").increment();
        }
    }

    void ended(InvocationPhase phase, double durationMs) {
        if (registry == null) {
            return;
        }
        String tag = phase.label().toLowerCase(Locale.ROOT);
        registry.counter("faasflow.invocations", "event", tag).increment();
        registry.timer("faasflow.invocation.duration", "phase", tag).record(Math.round(durationMs), TimeUnit.MILLISECONDS);
    }
}
