package dev.faasflow.agent;

import dev.faasflow.agent.protocol.FunctionRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * An agent's metrics, served at {@code GET /metrics} in Prometheus' text format: per workflow, function attempts
 * by outcome with their run time (a histogram), cold starts, the wait for slots and instances, and bytes read and
 * written; per node, slots used and instances waiting, invocations held, triggers handled. Every series carries the
 * node. Recording an attempt costs a few map lookups on the event loop.
 */
final class AgentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    AgentMetrics(String node, Supplier<SlotStats> slots, Supplier<Number> activeInvocations, Supplier<Number> triggers) {
        registry.config().commonTags("node", node);
        Gauge.builder("faasflow_agent_slots_used", () -> slots.get().used())
                .description("slots held now by running function instances").register(registry);
        Gauge.builder("faasflow_agent_slots", () -> slots.get().slots()).description("the node's slots").register(registry);
        Gauge.builder("faasflow_agent_queue_length", () -> slots.get().waiting())
                .description("function instances waiting for slots or a warm instance").register(registry);
        Gauge.builder("faasflow_agent_invocations_active", activeInvocations)
                .description("invocations with state on this node").register(registry);
        Gauge.builder("faasflow_agent_function_executions", triggers)
                .description("function executions started on this node").register(registry);
    }

    /** One function attempt of {@code workflow} ended, as its node measured it. */
    void attempt(String workflow, FunctionRecord f) {
        String outcome = f.succeeded() ? "succeeded" : "failed";
        Timer.builder("faasflow_function_duration_seconds").description("function attempts and their run time")
                .tags("workflow", workflow, "outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(Duration.ofNanos((long) (f.durationMs() * 1e6)));
        if (f.queuedMs() > 0) {
            Timer.builder("faasflow_function_queue_seconds").description("waits for slots and instances")
                    .tags("workflow", workflow).register(registry).record(Duration.ofNanos((long) (f.queuedMs() * 1e6)));
        }
        if (f.coldStart()) {
            Counter.builder("faasflow_function_cold_starts_total").description("attempts that started a new instance")
                    .tags("workflow", workflow).register(registry).increment();
        }
        if (f.bytesRead() > 0) {
            Counter.builder("faasflow_function_bytes_read_total").description("bytes functions fetched")
                    .tags("workflow", workflow).register(registry).increment(f.bytesRead());
        }
        if (f.bytesWritten() > 0) {
            Counter.builder("faasflow_function_bytes_written_total").description("bytes functions put")
                    .tags("workflow", workflow).register(registry).increment(f.bytesWritten());
        }
    }

    /** The Prometheus text exposition of every series. */
    String scrape() {
        return registry.scrape();
    }
}
