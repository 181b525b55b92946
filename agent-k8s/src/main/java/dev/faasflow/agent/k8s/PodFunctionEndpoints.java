package dev.faasflow.agent.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.agent.FunctionEndpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where each function of this node listens: the operator's function pods pinned to this node (a pool of pods
 * per image, each serving every function of that image here) carry the engine's workflow name and a function →
 * container port map in annotations; with the pod's IP that makes {@code http://<podIP>:<port>}. A function
 * served by several pods of its image's pool gets them in turn (round robin). Kept current by a pod informer
 * restricted to this node.
 */
public final class PodFunctionEndpoints implements FunctionEndpoints, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodFunctionEndpoints.class);
    static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    static final String COMPONENT_FUNCTION_GROUP = "function-group";
    static final String ANNOTATION_ENGINE_WORKFLOW = "faasflow.dev/engine-workflow";
    static final String ANNOTATION_FUNCTION_PORTS = "faasflow.dev/function-ports";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** "workflow/function" → pod uid → base URL, in the order the pods appeared. */
    private final Map<String, Map<String, String>> urls = new ConcurrentHashMap<>();
    /** pod uid → the keys it contributed. */
    private final Map<String, Set<String>> byPod = new ConcurrentHashMap<>();
    /** Turns taken, for round robin over a function's pods. */
    private final AtomicLong turn = new AtomicLong();
    private volatile SharedIndexInformer<Pod> informer;

    @Override
    public String baseUrl(String workflow, String function) {
        String url = pick(urls.get(workflow + "/" + function));
        // An address that fails at once with a message naming the function.
        return url != null ? url : "http://no-ready-pod-for-" + function.replaceAll("[^A-Za-z0-9-]", "-") + ".invalid";
    }

    private String pick(Map<String, String> pods) {
        if (pods == null) {
            return null;
        }
        Object[] all;
        synchronized (pods) {
            all = pods.values().toArray();
        }
        return all.length == 0 ? null : (String) all[(int) Math.floorMod(turn.getAndIncrement(), (long) all.length)];
    }

    /** Number of functions with a known endpoint. */
    public int size() {
        return (int) urls.values().stream().filter(m -> !m.isEmpty()).count();
    }

    /** The base URLs of the pods serving a function, in no particular order. */
    public List<String> endpoints(String workflow, String function) {
        Map<String, String> pods = urls.get(workflow + "/" + function);
        return pods == null ? List.of() : List.copyOf(pods.values());
    }

    /** Records (or updates) the functions of a group pod; ignores pods without an IP yet. */
    public void update(Pod pod) {
        remove(pod);
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (a == null || ip == null || ip.isBlank() || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String workflow = a.get(ANNOTATION_ENGINE_WORKFLOW);
        String ports = a.get(ANNOTATION_FUNCTION_PORTS);
        if (workflow == null || ports == null) {
            return;
        }
        Map<String, Integer> portOf;
        try {
            portOf = JSON.readValue(ports, new TypeReference<Map<String, Integer>>() { });
        } catch (Exception e) {
            LOG.warn("pod {} has an unreadable {} annotation: {}", pod.getMetadata().getName(), ANNOTATION_FUNCTION_PORTS,
                    e.getMessage());
            return;
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        String uid = pod.getMetadata().getUid();
        Set<String> mine = ConcurrentHashMap.newKeySet();
        portOf.forEach((fn, port) -> {
            String key = workflow + "/" + fn;
            mine.add(key);
            String url = "http://" + host + ":" + port;
            urls.compute(key, (k, pods) -> {
                Map<String, String> m = pods != null ? pods : Collections.synchronizedMap(new LinkedHashMap<>());
                m.put(uid, url);
                return m;
            });
        });
        byPod.put(uid, mine);
    }

    public void remove(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Set<String> old = byPod.remove(uid);
        if (old != null) {
            for (String key : old) {
                urls.computeIfPresent(key, (k, pods) -> {
                    pods.remove(uid);
                    return pods.isEmpty() ? null : pods;
                });
            }
        }
    }

    /** Watches the group pods bound to {@code node} in every namespace. */
    public PodFunctionEndpoints watch(KubernetesClient client, String node) {
        informer = client.pods().inAnyNamespace()
                .withLabel(LABEL_COMPONENT, COMPONENT_FUNCTION_GROUP)
                .withField("spec.nodeName", node)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        update(pod);
                    }

                    @Override
                    public void onUpdate(Pod before, Pod now) {
                        update(now);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        remove(pod);
                    }
                });
        return this;
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
