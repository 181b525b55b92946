package dev.faasflow.agent.k8s;

import dev.faasflow.agent.Agent;
import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.auth.StoreCapabilities;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.functions.FunctionServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnableKubernetesMockClient(crud = true)
class AgentMainTest {
    private static final String KEY = "agent-main-test-key-0123456789abcdef0123";
    static KubernetesClient client;

    /** The agent's own pod on {@code node} in namespace faasflow, labelled app.kubernetes.io/name=faasflow-agent. */
    private static void createAgentPod(String name, String node) {
        client.pods().inNamespace("faasflow").resource(new PodBuilder().withNewMetadata()
                .withName(name).withNamespace("faasflow")
                .addToLabels("app.kubernetes.io/name", "faasflow-agent").endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build()).create();
    }

    /** A MEM put of "hello" under {@code inv}/k answers 204, and the read gives it back from {@code tier}. */
    private static void assertStoredAndReadBack(HttpClient http, Agent agent, String inv, String tier) throws Exception {
        String key = agent.url() + "/v1/store/" + inv + "/k";
        // The store wants the token the agent gives the invocation's functions (the key is the one withKey sets).
        String token = "Bearer " + StoreCapabilities.of(ClusterKey.of(KEY), agent.node()).tokenFor(inv);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(key + "?destination=MEM"))
                .header("Authorization", token).PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, put.statusCode(), put.body());
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(key)).header("Authorization", token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("hello", get.body());
        assertEquals(tier, get.headers().firstValue("X-FaaStore-Tier").orElse(""));
    }

    @Test
    void theAgentPublishesItsUrlOnItsPodAndServesTheStore() throws Exception {
        createAgentPod("faasflow-agent-abcde", "node-1");
        Map<String, String> env = withKey("NODE_NAME", "node-1", "POD_IP", "127.0.0.1", "POD_NAME", "faasflow-agent-abcde",
                "POD_NAMESPACE", "faasflow", "FAASFLOW_AGENT_PORT", "0", "FAASFLOW_AGENT_HOST", "127.0.0.1");
        try (AgentMain.Running running = AgentMain.start(env, client)) {
            Pod pod = client.pods().inNamespace("faasflow").withName("faasflow-agent-abcde").get();
            String url = pod.getMetadata().getAnnotations().get(AgentMain.ANNOTATION_AGENT_URL);
            assertEquals(running.agent().url(), url);
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            assertNotNull(pod.getMetadata().getAnnotations().get(AgentMain.ANNOTATION_AGENT_STARTED));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("node-1"), health.body());
            // The local tier is served to the node's functions.
            assertStoredAndReadBack(http, running.agent(), "inv-1", "local");
        }
    }

    @Test
    void theAgentAdvertisesTheNodesAddressWhichARestartKeeps() throws Exception {
        createAgentPod("faasflow-agent-stable", "node-3");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // As the chart sets it: the node's IP (status.hostIP) next to a pod IP that a restart changes.
        Map<String, String> env = withKey("NODE_NAME", "node-3", "POD_IP", "10.244.1.17", "POD_NAME", "faasflow-agent-stable",
                "POD_NAMESPACE", "faasflow", "FAASFLOW_AGENT_PORT", Integer.toString(port), "FAASFLOW_AGENT_HOST", "127.0.0.1",
                "FAASFLOW_AGENT_ADVERTISED_HOST", "127.0.0.1");
        String firstUrl;
        String firstStarted;
        try (AgentMain.Running running = AgentMain.start(env, client)) {
            Pod pod = client.pods().inNamespace("faasflow").withName("faasflow-agent-stable").get();
            firstUrl = pod.getMetadata().getAnnotations().get(AgentMain.ANNOTATION_AGENT_URL);
            firstStarted = pod.getMetadata().getAnnotations().get(AgentMain.ANNOTATION_AGENT_STARTED);
            assertEquals("http://127.0.0.1:" + port, firstUrl, "the advertised host, not the pod IP");
        }
        Thread.sleep(5); // a start time of its own
        try (AgentMain.Running again = AgentMain.start(env, client)) {
            Pod pod = client.pods().inNamespace("faasflow").withName("faasflow-agent-stable").get();
            assertEquals(firstUrl, pod.getMetadata().getAnnotations().get(AgentMain.ANNOTATION_AGENT_URL),
                    "the same address after a restart");
            assertNotEquals(firstStarted, pod.getMetadata().getAnnotations().get(AgentMain.ANNOTATION_AGENT_STARTED),
                    "a new start time: the operator pushes the deployments again, nothing else");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(firstUrl + "/v1/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        }
    }

    @Test
    void theQuotaComesFromTheEnvironment() {
        assertEquals(StoreConfig.FORMULA_QUOTA, AgentMain.storeConfig(Map.of()).quotaOverrideBytes(), "absent: the formula");
        assertEquals(StoreConfig.FORMULA_QUOTA, AgentMain.storeConfig(Map.of("FAASFLOW_QUOTA_BYTES", "")).quotaOverrideBytes(),
                "empty (the chart's default): the formula");
        StoreConfig set = AgentMain.storeConfig(Map.of("FAASFLOW_QUOTA_BYTES", " 1048576 ", "FAASFLOW_NODE_CAPACITY_BYTES", "8388608"));
        assertTrue(set.hasQuotaOverride());
        assertEquals(1_048_576L, set.quotaOverrideBytes());
        assertEquals(8_388_608L, set.nodeCapacityBytes());
        for (String bad : new String[] {"-1", "1Gi", "lots"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AgentMain.storeConfig(Map.of("FAASFLOW_QUOTA_BYTES", bad)));
            assertTrue(e.getMessage().contains("FAASFLOW_QUOTA_BYTES") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aTinyQuotaSendsLocalWritesToTheRemoteTier() throws Exception {
        client.pods().inNamespace("faasflow").resource(new PodBuilder().withNewMetadata()
                .withName("faasflow-agent-quota").withNamespace("faasflow").endMetadata()
                .withNewSpec().withNodeName("node-2").endSpec().build()).create();
        Map<String, String> env = withKey("NODE_NAME", "node-2", "POD_IP", "127.0.0.1", "POD_NAME", "faasflow-agent-quota",
                "POD_NAMESPACE", "faasflow", "FAASFLOW_AGENT_PORT", "0", "FAASFLOW_AGENT_HOST", "127.0.0.1",
                "FAASFLOW_QUOTA_BYTES", "4");
        try (AgentMain.Running running = AgentMain.start(env, client)) {
            assertEquals(4, running.store().config().quotaOverrideBytes());
            HttpClient http = HttpClient.newHttpClient();
            String url = running.agent().url();
            // Five bytes over a four-byte quota: the node-memory write spills to the remote tier.
            assertStoredAndReadBack(http, running.agent(), "inv-2", "remote");
        }
    }

    @Test
    void functionEndpointsComeFromTheGroupPodsOfTheNode() throws Exception {
        FunctionServer runtime = new FunctionServer(BenchmarkFunctions.registry());
        int port = runtime.start("127.0.0.1", 0);
        try (PodFunctionEndpoints endpoints = new PodFunctionEndpoints()) {
            Pod group = new PodBuilder().withNewMetadata().withName("wordcount-g0-abc").withNamespace("default").withUid("u1")
                    .addToLabels(PodFunctionEndpoints.LABEL_COMPONENT, PodFunctionEndpoints.COMPONENT_FUNCTION_GROUP)
                    .addToAnnotations(PodFunctionEndpoints.ANNOTATION_ENGINE_WORKFLOW, "default.wordcount")
                    .addToAnnotations(PodFunctionEndpoints.ANNOTATION_FUNCTION_PORTS,
                            "{\"start\":" + port + ",\"count\":" + port + "}")
                    .endMetadata().withNewSpec().withNodeName("node-1").endSpec()
                    .withNewStatus().withPodIP("127.0.0.1").endStatus().build();
            assertTrue(endpoints.baseUrl("default.wordcount", "start").endsWith(".invalid"));
            endpoints.update(group);
            assertEquals("http://127.0.0.1:" + port, endpoints.baseUrl("default.wordcount", "start"));
            assertEquals(2, endpoints.size());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(endpoints.baseUrl("default.wordcount", "count") + "/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            endpoints.remove(group);
            assertEquals(0, endpoints.size());
        } finally {
            runtime.close();
        }
    }

    /** The environment the DaemonSet gives, with a cluster key. */
    private static Map<String, String> withKey(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        env.put(ClusterKey.ENV, KEY);
        return env;
    }
}
