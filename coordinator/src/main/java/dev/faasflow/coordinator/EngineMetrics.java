package dev.faasflow.coordinator;

import dev.faasflow.workflow.InvocationPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The engine's invocation metrics, for every invocation whichever way it came (gateway, Invocation resource,
 * embedded): {@code faasflow_invocations_total{workflow,event}} (submitted, then succeeded, failed or timedout),
 * {@code faasflow_invocation_duration_seconds{workflow,phase}} (a histogram of end-to-end times),
 * {@code faasflow_admission_rejected_total{workflow}} (429s: too many waiting), and the gauges
 * {@code faasflow_invocations_running} and {@code faasflow_invocations_waiting}. The workflow label is the engine's
 * name (namespace.name on a cluster). With a registry that has no backend it records nothing.
 */
final class EngineMetrics {
    private final MeterRegistry registry;

    EngineMetrics(MeterRegistry registry, Supplier<Number> running, Supplier<Number> waiting) {
        this.registry = registry;
        Gauge.builder("faasflow.invocations.running", running).description("invocations in flight").register(registry);
        Gauge.builder("faasflow.invocations.waiting", waiting).description("invocations waiting to start")
                .register(registry);
    }

    void submitted(String workflow) {
        invocations(workflow, "submitted").increment();
    }

    void rejected(String workflow) {
        Counter.builder("faasflow.admission.rejected").description("invocations refused: too many waiting")
                .tag("workflow", workflow).register(registry).increment();
    }

    void ended(InvocationResult r) {
        String phase = phase(r.phase());
        invocations(r.workflow(), phase).increment();
        Timer.builder("faasflow.invocation.duration").description("end-to-end time of ended invocations")
                .tags("workflow", r.workflow(), "phase", phase).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(Duration.ofNanos((long) (Math.max(0, r.e2eMs()) * 1e6)));
    }

    private Counter invocations(String workflow, String event) {
        return Counter.builder("faasflow.invocations").description("invocations submitted, and ended by phase")
                .tags("workflow", workflow, "event", event).register(registry);
    }

    private static String phase(InvocationPhase p) {
        return p.label().toLowerCase(Locale.ROOT);
    }
}
