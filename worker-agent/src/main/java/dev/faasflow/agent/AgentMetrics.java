package dev.faasflow.agent;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.faastore.StoreStats;
import dev.faasflow.faastore.TierStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * An agent's metrics, served at {@code GET /metrics} in Prometheus' text format: per workflow, function attempts
 * by outcome with their run time (a histogram), cold starts, the wait for slots and instances, and bytes read and
 * written; per node, slots used and instances waiting, invocations held, triggers handled; and the node's FaaStore:
 * bytes and operations by tier, spills (and why), node memory used against its capacity, each workflow's use of its
 * quota, late writes refused. Every series carries the node. Recording an attempt costs a few map lookups on the
 * event loop; the store's figures are read when scraped.
 */
final class AgentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<StoreStats> store;
    /** Workflows whose quota gauges are registered (they appear as workflows are installed). */
    private final Set<String> quotaGauges = ConcurrentHashMap.newKeySet();

    AgentMetrics(String node, Supplier<SlotStats> slots, Supplier<Number> activeInvocations, Supplier<Number> triggers,
                 Supplier<StoreStats> store) {
        this.store = store;
        registry.config().commonTags("node", node);
        storeMeters();
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

    /**
     * A same-node trigger of {@code workflow}: from a predecessor's result to its successor's run request, when the
     * successor waited for no slot and no new instance (the figure the paper compares).
     */
    void trigger(String workflow, long nanos) {
        Timer.builder("faasflow_trigger_latency_seconds").description("same-node trigger latency, result in to run out")
                .tags("workflow", workflow).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry).record(Duration.ofNanos(nanos));
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

    private void storeMeters() {
        for (String tier : new String[] {"MEM", "DB"}) {
            tierCounter("faasflow_store_bytes_written_total", "value bytes written into the tier", tier, TierStats::bytesIn);
            tierCounter("faasflow_store_bytes_read_total", "value bytes read out of the tier", tier, TierStats::bytesOut);
            tierCounter("faasflow_store_operations_failed_total", "tier operations that failed", tier, TierStats::failures);
        }
        String spills = "planned node-memory writes that went to the remote tier instead, by why";
        storeCounter("faasflow_store_spills_total", spills, "quota", StoreStats::spillsOverQuota);
        storeCounter("faasflow_store_spills_total", spills, "capacity", StoreStats::spillsOverCapacity);
        storeCounter("faasflow_store_spills_total", spills, "other",
                st -> Math.max(0, st.spills() - st.spillsOverQuota() - st.spillsOverCapacity()));
        storeCounter("faasflow_store_spilled_bytes_total", "bytes of those writes", null, StoreStats::spilledBytes);
        storeCounter("faasflow_store_late_writes_refused_total", "writes of invocations that had already ended", null,
                StoreStats::lateWritesRefused);
        Gauge.builder("faasflow_store_node_memory_used_bytes", this, m -> m.store.get().nodeUsedBytes())
                .description("node memory held by FaaStore").register(registry);
        Gauge.builder("faasflow_store_node_memory_capacity_bytes", this, m -> m.store.get().nodeCapacityBytes())
                .description("node memory FaaStore may use").register(registry);
    }

    private void tierCounter(String name, String help, String tier, ToDoubleFunction<TierStats> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(tier.equals("MEM") ? m.store.get().local()
                        : m.store.get().remoteTier())).description(help).tags("tier", tier).register(registry);
    }

    /** A count read from the store's figures when scraped; {@code reason}: the label of a spill's cause, or null. */
    private void storeCounter(String name, String help, String reason, ToDoubleFunction<StoreStats> value) {
        var b = FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.store.get())).description(help);
        if (reason != null) {
            b.tags("reason", reason);
        }
        b.register(registry);
    }

    /** The Prometheus text exposition of every series. */
    String scrape() {
        // Quota gauges for the workflows installed since the last scrape.
        for (var usage : store.get().workflows().values()) {
            if (quotaGauges.add(usage.workflow())) {
                String wf = usage.workflow();
                Gauge.builder("faasflow_store_quota_used_bytes", this, m -> used(m, wf, false))
                        .description("node memory a workflow holds").tags("workflow", wf).register(registry);
                Gauge.builder("faasflow_store_quota_bytes", this, m -> used(m, wf, true))
                        .description("node memory a workflow may hold (its quota)").tags("workflow", wf).register(registry);
            }
        }
        return registry.scrape();
    }

    private static double used(AgentMetrics m, String workflow, boolean quota) {
        var usage = m.store.get().workflows().get(workflow);
        return usage == null ? 0 : quota ? usage.quotaBytes() : usage.usedBytes();
    }
}
