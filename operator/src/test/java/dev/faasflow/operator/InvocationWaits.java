package dev.faasflow.operator;

import dev.faasflow.crds.InvocationResource;
import dev.faasflow.crds.InvocationStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Waiting for an Invocation resource, as the operator's tests against a cluster do. */
public final class InvocationWaits {
    private InvocationWaits() {
    }

    /** Waits (polling every 200 ms, at most {@code within}) until the Invocation's phase is final; its status. */
    public static InvocationStatus awaitFinal(KubernetesClient client, String namespace, String name, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            InvocationResource now = client.resources(InvocationResource.class).inNamespace(namespace)
                    .withName(name).get();
            return now != null && now.getStatus() != null && now.getStatus().getPhase() != null
                    && now.getStatus().getPhase().isFinal();
        });
        return client.resources(InvocationResource.class).inNamespace(namespace).withName(name).get().getStatus();
    }
}
