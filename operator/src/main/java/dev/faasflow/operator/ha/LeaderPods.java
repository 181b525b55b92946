package dev.faasflow.operator.ha;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The leader label on the operator's pods: the leader puts {@value #LABEL_LEADER}{@code =true} and its gateway URL on
 * its own pod and takes the label off any other pod (a leader that died keeps it), so the Service that selects the
 * label reaches exactly the leader. Blocking API calls: run them off event loops.
 */
public final class LeaderPods {
    private static final Logger LOG = Logger.getLogger(LeaderPods.class);
    public static final String LABEL_LEADER = "faasflow.dev/leader";
    public static final String ANNOTATION_GATEWAY_URL = "faasflow.dev/gateway-url";

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;

    /** @param namespace the pod's namespace and {@code pod} its name (downward API), or nulls outside a pod */
    public LeaderPods(KubernetesClient client, String namespace, String pod) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
    }

    private boolean inPod() {
        return namespace != null && pod != null;
    }

    /** Labels this replica's pod as the leader and unlabels the others; returns how many others it unlabelled. */
    public int claim(String gatewayUrl) {
        if (!inPod()) {
            return 0;
        }
        client.pods().inNamespace(namespace).withName(pod).edit(p -> {
            labels(p).put(LABEL_LEADER, "true");
            annotations(p).put(ANNOTATION_GATEWAY_URL, gatewayUrl);
            return p;
        });
        int others = 0;
        for (Pod other : client.pods().inNamespace(namespace).withLabel(LABEL_LEADER).list().getItems()) {
            if (!pod.equals(other.getMetadata().getName())) {
                unlabel(other.getMetadata().getName());
                others++;
            }
        }
        return others;
    }

    /** Takes the leader label off this replica's pod (it stopped leading). */
    public void release() {
        if (inPod()) {
            unlabel(pod);
        }
    }

    /** The gateway URL the leader published on its pod, or null. */
    public String gatewayUrlOf(String leaderPod) {
        if (namespace == null || leaderPod == null) {
            return null;
        }
        Pod p = client.pods().inNamespace(namespace).withName(leaderPod).get();
        return p == null || p.getMetadata().getAnnotations() == null ? null
                : p.getMetadata().getAnnotations().get(ANNOTATION_GATEWAY_URL);
    }

    private void unlabel(String name) {
        try {
            client.pods().inNamespace(namespace).withName(name).edit(p -> {
                labels(p).remove(LABEL_LEADER);
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warnf("could not take the leader label off pod %s: %s", name, e.getMessage());
            }
        }
    }

    private static Map<String, String> labels(Pod p) {
        if (p.getMetadata().getLabels() == null) {
            p.getMetadata().setLabels(new LinkedHashMap<>());
        }
        return p.getMetadata().getLabels();
    }

    private static Map<String, String> annotations(Pod p) {
        if (p.getMetadata().getAnnotations() == null) {
            p.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        return p.getMetadata().getAnnotations();
    }
}
