package dev.faasflow.operator.invocation;

import dev.faasflow.crds.InvocationResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * Hears every Invocation's Delete event: Invocations carry no finalizer, and one deleted by hand still frees
 * its results. The informer's store keeps only what a deletion needs (name, uid, resource version, the engine
 * id), not a second copy of every status.
 */
final class InvocationDeletions {
    private static final Logger LOG = Logger.getLogger(InvocationDeletions.class);

    private InvocationDeletions() {
    }

    /** Starts watching; {@code deleted} gets each deleted Invocation. Stop the returned informer on shutdown. */
    static SharedIndexInformer<InvocationResource> watch(KubernetesClient client, Consumer<InvocationResource> deleted) {
        SharedIndexInformer<InvocationResource> informer = client.resources(InvocationResource.class).inAnyNamespace()
                .runnableInformer(0);
        informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, InvocationResource.class,
                client.getKubernetesSerialization(), "metadata.uid", "status.id"));
        informer.addEventHandler(new ResourceEventHandler<InvocationResource>() {
            @Override
            public void onAdd(InvocationResource inv) {
                // the reconciler handles it
            }

            @Override
            public void onUpdate(InvocationResource before, InvocationResource now) {
                // the reconciler handles it
            }

            @Override
            public void onDelete(InvocationResource inv, boolean finalStateUnknown) {
                try {
                    deleted.accept(inv);
                } catch (RuntimeException e) {
                    LOG.warnf("invocation %s/%s deleted, but freeing it failed: %s", inv.getMetadata().getNamespace(),
                            inv.getMetadata().getName(), e.getMessage());
                }
            }
        });
        informer.start().whenComplete((v, err) -> {
            if (err != null) {
                LOG.errorf("cannot watch Invocations for deletions (their results stay until they expire): %s",
                        err.getMessage());
            }
        });
        return informer;
    }
}
