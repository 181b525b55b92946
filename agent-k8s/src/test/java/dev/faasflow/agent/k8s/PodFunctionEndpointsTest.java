package dev.faasflow.agent.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodFunctionEndpointsTest {

    private static Pod pod(String uid, String ip, String ports) {
        return new PodBuilder().withNewMetadata().withName("soykb-program01-" + uid).withNamespace("default").withUid(uid)
                .addToLabels(PodFunctionEndpoints.LABEL_COMPONENT, PodFunctionEndpoints.COMPONENT_FUNCTION_GROUP)
                .addToAnnotations(PodFunctionEndpoints.ANNOTATION_ENGINE_WORKFLOW, "default.soykb")
                .addToAnnotations(PodFunctionEndpoints.ANNOTATION_FUNCTION_PORTS, ports)
                .endMetadata().withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPodIP(ip).endStatus().build();
    }

    @Test
    void theFunctionsOfAnImageAreServedByEveryPodOfItsPoolInTurn() {
        try (PodFunctionEndpoints endpoints = new PodFunctionEndpoints()) {
            String ports = "{\"program01_00000\":8080,\"program01_00001\":8080}";
            Pod a = pod("a", "10.1.0.5", ports);
            Pod b = pod("b", "10.1.0.6", ports);
            endpoints.update(a);
            endpoints.update(b);
            assertEquals(2, endpoints.size(), "two functions");
            assertEquals(Set.of("http://10.1.0.5:8080", "http://10.1.0.6:8080"),
                    Set.copyOf(endpoints.endpoints("default.soykb", "program01_00001")));
            Set<String> used = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                used.add(endpoints.baseUrl("default.soykb", "program01_00000"));
            }
            assertEquals(2, used.size(), "round robin over the pool: " + used);

            // A pod that goes away (or loses its IP while restarting) leaves the rest of the pool serving.
            endpoints.update(pod("a", null, ports));
            assertEquals(List.of("http://10.1.0.6:8080"), endpoints.endpoints("default.soykb", "program01_00000"));
            assertEquals("http://10.1.0.6:8080", endpoints.baseUrl("default.soykb", "program01_00000"));
            endpoints.remove(b);
            assertEquals(0, endpoints.size());
            assertTrue(endpoints.baseUrl("default.soykb", "program01_00000").endsWith(".invalid"));
        }
    }
}
