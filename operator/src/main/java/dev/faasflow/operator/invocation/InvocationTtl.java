package dev.faasflow.operator.invocation;

import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Deletes a finished Invocation {@code spec.ttlSecondsAfterFinished} after its completion time. */
final class InvocationTtl {
    private static final Logger LOG = Logger.getLogger(InvocationTtl.class);

    private final KubernetesClient client;
    private final Coordinator coordinator;
    private final ScheduledExecutorService timers;
    /** Invocation uid → its pending deletion. */
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();

    InvocationTtl(KubernetesClient client, Coordinator coordinator, ScheduledExecutorService timers) {
        this.client = client;
        this.coordinator = coordinator;
        this.timers = timers;
    }

    /** Schedules the deletion of a finished Invocation that asks for one (once per uid). */
    void schedule(InvocationResource inv) {
        Long ttl = inv.getSpec() == null ? null : inv.getSpec().getTtlSecondsAfterFinished();
        InvocationStatus s = inv.getStatus();
        if (ttl == null || s == null || s.getCompletionTime() == null) {
            return;
        }
        String uid = inv.getMetadata().getUid();
        long due = Instant.parse(s.getCompletionTime()).toEpochMilli() + ttl * 1000 - System.currentTimeMillis();
        String namespace = inv.getMetadata().getNamespace();
        String name = inv.getMetadata().getName();
        String id = s.getId();
        tasks.computeIfAbsent(uid, k -> timers.schedule(() -> {
            tasks.remove(uid);
            try {
                client.resources(InvocationResource.class).inNamespace(namespace).withName(name).delete();
                LOG.infof("invocation %s/%s deleted %d s after it finished", namespace, name, ttl);
            } catch (RuntimeException e) {
                LOG.warnf("could not delete finished invocation %s/%s: %s", namespace, name, e.getMessage());
            }
            // The Delete event frees it too; doing it here as well covers a missed event.
            if (id != null) {
                coordinator.delete(id);
            }
        }, Math.max(0, due), TimeUnit.MILLISECONDS));
    }

    /** The Invocation is gone: its deletion is no longer due. */
    void cancel(String uid) {
        ScheduledFuture<?> task = tasks.remove(uid);
        if (task != null) {
            task.cancel(false);
        }
    }
}
