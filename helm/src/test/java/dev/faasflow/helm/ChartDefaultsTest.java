package dev.faasflow.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.faasflow.helm.Chart.container;
import static dev.faasflow.helm.Chart.env;
import static dev.faasflow.helm.Chart.envValue;
import static dev.faasflow.helm.Chart.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The chart with its default values: one rendering, checked from every side. */
class ChartDefaultsTest {
    static Chart.Rendered chart;
    static ObjectNode operator;
    static ObjectNode agent;

    @BeforeAll
    static void render() {
        chart = Chart.render(Map.of());
        operator = chart.get("Deployment", "faasflow-operator");
        agent = chart.get("DaemonSet", "faasflow-agent");
    }

    @Test
    void everyExpectedObjectIsThere() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("ServiceAccount", 2);
        expected.put("Secret", 2); // the cluster key, Redis's password
        expected.put("ClusterRole", 3); // the operator's, the agents', the invoker's (for users)
        expected.put("ClusterRoleBinding", 2);
        expected.put("Role", 2);
        expected.put("RoleBinding", 2);
        expected.put("Service", 2);
        expected.put("Deployment", 2);
        expected.put("DaemonSet", 1);
        expected.put("NetworkPolicy", 3);
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(chart.kindCounts()));
        assertTrue(chart.has("ServiceAccount", "faasflow-operator"));
        assertTrue(chart.has("ServiceAccount", "faasflow-agent"));
        assertTrue(chart.has("Service", "faasflow-operator"));
        assertTrue(chart.has("Deployment", "faasflow-redis"));
        assertTrue(chart.has("Service", "faasflow-redis"));
        for (ObjectNode o : chart.objects()) {
            String kind = o.path("kind").asText();
            boolean clusterScoped = Set.of("ClusterRole", "ClusterRoleBinding").contains(kind);
            assertEquals(clusterScoped ? "" : Chart.NAMESPACE, o.path("metadata").path("namespace").asText(),
                    kind + " " + o.path("metadata").path("name").asText());
        }
    }

    @Test
    void theChartsCrdsAreExactlyTheGeneratedOnes() {
        Map<String, String> generated = Chart.generatedCrds();
        Map<String, String> inChart = Chart.chartCrds();
        assertEquals(generated.keySet(), inChart.keySet(), "helm/faasflow/crds holds exactly the generated CRDs");
        generated.forEach((file, text) -> assertEquals(text, inChart.get(file), "helm/faasflow/crds/" + file
                + " differs from the crds module's; " + ManifestsUpToDateTest.HOW_TO_REGENERATE));
        List<String> names = inChart.values().stream().map(t -> Chart.parseAll(t).get(0))
                .peek(crd -> assertEquals("CustomResourceDefinition", crd.path("kind").asText()))
                .map(crd -> crd.at("/metadata/name").asText()).sorted().toList();
        assertEquals(List.of("invocations.faasflow.dev", "workflows.faasflow.dev"), names);
    }

    /** The rules as written; that the operator uses each and nothing else is OperatorRbacTest's proof. */
    @Test
    void operatorRbacIsExactlyWhatTheOperatorUses() {
        assertEquals(List.of(
                "authentication.k8s.io|tokenreviews|create",
                "authorization.k8s.io|subjectaccessreviews|create",
                "core|events|create",
                "core|nodes|get",
                "core|pods|create,delete,get,list,patch,watch",
                "faasflow.dev|invocations/status|patch",
                "faasflow.dev|invocations|delete,get,list,watch",
                "faasflow.dev|workflows/finalizers|update",
                "faasflow.dev|workflows/status|update",
                "faasflow.dev|workflows|get,list,patch,watch",
                "networking.k8s.io|networkpolicies|create,get"),
                rules(chart.get("ClusterRole", "faasflow-operator")));
        assertBinding(chart.get("ClusterRoleBinding", "faasflow-operator"), "ClusterRole", "faasflow-operator", "faasflow-operator");
        // Leader election: the Lease, in the release namespace only.
        assertEquals(List.of("coordination.k8s.io|leases|create,get,patch,update"), rules(chart.get("Role", "faasflow-operator")));
        assertBinding(chart.get("RoleBinding", "faasflow-operator"), "Role", "faasflow-operator", "faasflow-operator");
        assertEquals("faasflow-operator", operator.at("/spec/template/spec/serviceAccountName").asText());
    }

    /** The rules as written; that the agent uses each and nothing else is AgentRbacTest's proof. */
    @Test
    void agentRbacIsExactlyWhatTheAgentUses() {
        assertEquals(List.of("core|pods|list,watch"), rules(chart.get("ClusterRole", "faasflow-agent")));
        assertEquals(List.of("core|pods|get,patch"), rules(chart.get("Role", "faasflow-agent")));
        assertBinding(chart.get("ClusterRoleBinding", "faasflow-agent"), "ClusterRole", "faasflow-agent", "faasflow-agent");
        assertBinding(chart.get("RoleBinding", "faasflow-agent"), "Role", "faasflow-agent", "faasflow-agent");
        assertEquals("faasflow-agent", agent.at("/spec/template/spec/serviceAccountName").asText());
    }

    @Test
    void noWildcardAnywhereInRbac() {
        for (String kind : List.of("Role", "ClusterRole")) {
            for (ObjectNode role : chart.ofKind(kind)) {
                for (JsonNode rule : role.path("rules")) {
                    for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
                        rule.path(field).forEach(v -> assertFalse(v.asText().contains("*"),
                                kind + " " + role.at("/metadata/name").asText() + " has a wildcard in " + field));
                    }
                }
            }
        }
    }

    private static void assertBinding(ObjectNode binding, String roleKind, String roleName, String serviceAccount) {
        assertEquals(roleKind, binding.at("/roleRef/kind").asText());
        assertEquals(roleName, binding.at("/roleRef/name").asText());
        assertEquals("rbac.authorization.k8s.io", binding.at("/roleRef/apiGroup").asText());
        assertEquals(1, binding.path("subjects").size());
        assertEquals("ServiceAccount", binding.at("/subjects/0/kind").asText());
        assertEquals(serviceAccount, binding.at("/subjects/0/name").asText());
        assertEquals(Chart.NAMESPACE, binding.at("/subjects/0/namespace").asText());
    }

    @Test
    void operatorFindsTheAgentsOfThisRelease() {
        // The operator plans over pods matching its agent selector in its agent namespace.
        String selector = envValue(container(operator), "FAASFLOW_AGENT_SELECTOR");
        JsonNode podLabels = agent.at("/spec/template/metadata/labels");
        for (String term : selector.split(",")) {
            String[] kv = term.split("=", 2);
            assertEquals(kv[1], podLabels.path(kv[0]).asText(), "agent pods must carry " + term);
        }
        assertTrue(selector.contains("app.kubernetes.io/name=faasflow-agent"), selector);
        assertEquals(Chart.NAMESPACE, envValue(container(operator), "FAASFLOW_AGENT_NAMESPACE"));
        // Nothing else in the release matches the selector (the operator would plan over it).
        for (ObjectNode o : chart.objects()) {
            JsonNode labels = o.at("/spec/template/metadata/labels");
            if (!labels.isMissingNode() && o != agent) {
                assertFalse("faasflow-agent".equals(labels.path("app.kubernetes.io/name").asText()), o.at("/metadata/name").asText());
            }
        }
    }

    @Test
    void operatorEnvironment() {
        JsonNode c = container(operator);
        assertEquals("ghcr.io/faasflow/faasflow-operator:0.1.0", c.path("image").asText());
        assertEquals("redis://:$(REDIS_PASSWORD)@faasflow-redis.faasflow.svc:6379", envValue(c, "FAASFLOW_REDIS"));
        assertEquals("ghcr.io/faasflow/faasflow-functions:0.1.0", envValue(c, "FAASFLOW_FUNCTION_IMAGE"));
        assertEquals("300", envValue(c, "FAASFLOW_INVOCATION_DEFAULT_TIMEOUT_SECONDS"));
        assertEquals("60000", envValue(c, "FAASFLOW_FUNCTION_TIMEOUT_MS"));
        assertEquals("120", envValue(c, "FAASFLOW_SLOTS_PER_NODE"));
        assertEquals("40", envValue(c, "FAASFLOW_PODS_RUNS_PER_POD"));
        assertEquals("300", envValue(c, "FAASFLOW_PODS_IDLE_SECONDS"));
        assertEquals("WorkerSP", envValue(c, "FAASFLOW_DEFAULT_CONTROL_MODE"));
        assertEquals("optimized", envValue(c, "FAASFLOW_DEFAULT_DATA_MODE"));
        assertFalse(env(c).containsKey("FAASFLOW_QUOTA_BYTES"), "default: the paper's formula");
        assertEquals("status.podIP", env(c).get("POD_IP").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals(2, operator.at("/spec/replicas").asInt(), "a leader and a standby");
        assertEquals("RollingUpdate", operator.at("/spec/strategy/type").asText());
        assertEquals("metadata.name", env(c).get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("metadata.namespace", env(c).get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("faasflow-operator-leader", envValue(c, "FAASFLOW_LEADER_ELECTION_LEASE_NAME"));
        assertEquals("8000", envValue(c, "FAASFLOW_LEADER_ELECTION_LEASE_DURATION_MS"));
        assertEquals("6000", envValue(c, "FAASFLOW_LEADER_ELECTION_RENEW_DEADLINE_MS"));
        assertEquals("2000", envValue(c, "FAASFLOW_LEADER_ELECTION_RETRY_PERIOD_MS"));
        // Agents post events to the Service (the leader), not to a pod IP that a change of leader invalidates.
        assertEquals("faasflow-operator.faasflow.svc", envValue(c, "FAASFLOW_COORDINATOR_ADVERTISED_HOST"));
        assertEquals(Map.of("http", 8080, "coordinator", 9090), ports(c));
        assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText());
        ObjectNode service = chart.get("Service", "faasflow-operator");
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
        assertEquals(8080, service.at("/spec/ports/0/port").asInt());
        assertEquals("coordinator", service.at("/spec/ports/1/targetPort").asText());
        assertEquals(9090, service.at("/spec/ports/1/port").asInt());
        // It selects the operator's pods that carry the leader label: the leader alone.
        ObjectNode selector = ((ObjectNode) service.at("/spec/selector")).deepCopy();
        assertEquals("true", selector.path("faasflow.dev/leader").asText());
        selector.remove("faasflow.dev/leader");
        assertSelects(selector, operator);
    }

    @Test
    void operatorSettingsAreOnesTheOperatorReads() {
        // FAASFLOW_X_Y must be the environment form of a faasflow.x.y / faasflow.x-y key the operator reads.
        Set<String> keys = configKeys(Chart.root().resolve("operator/src/main"));
        assertFalse(keys.isEmpty(), "no faasflow.* keys found in the operator's sources");
        Set<String> envForms = new HashSet<>();
        keys.forEach(k -> envForms.add(k.replaceAll("[.-]", "_").toUpperCase(Locale.ROOT)));
        for (String name : env(container(operator)).keySet()) {
            if (name.startsWith("FAASFLOW_")) {
                assertTrue(envForms.contains(name), name + " matches no faasflow.* setting of the operator " + keys);
            }
        }
        // The chart's default function image is the operator's own default.
        String properties = Chart.read(Chart.root().resolve("operator/src/main/resources/application.properties"));
        Matcher m = Pattern.compile("(?m)^faasflow\\.function-image=(.*)$").matcher(properties);
        assertTrue(m.find(), "faasflow.function-image in application.properties");
        assertEquals(m.group(1).trim(), envValue(container(operator), "FAASFLOW_FUNCTION_IMAGE"));
        // So are its default modes.
        for (String mode : List.of("control-mode", "data-mode")) {
            Matcher d = Pattern.compile("(?m)^faasflow\\.default-" + mode + "=(.*)$").matcher(properties);
            assertTrue(d.find(), "faasflow.default-" + mode + " in application.properties");
            assertEquals(d.group(1).trim(), envValue(container(operator),
                    "FAASFLOW_DEFAULT_" + mode.replace('-', '_').toUpperCase(Locale.ROOT)));
        }
    }

    @Test
    void agentEnvironmentAndPorts() {
        JsonNode c = container(agent);
        assertEquals("ghcr.io/faasflow/faasflow-agent:0.1.0", c.path("image").asText());
        Map<String, JsonNode> env = env(c);
        assertEquals("spec.nodeName", env.get("NODE_NAME").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("status.podIP", env.get("POD_IP").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("metadata.name", env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("metadata.namespace", env.get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("redis://:$(REDIS_PASSWORD)@faasflow-redis.faasflow.svc:6379", envValue(c, "FAASFLOW_REDIS"));
        assertEquals("60000", envValue(c, "FAASFLOW_FUNCTION_TIMEOUT_MS"));
        assertFalse(env.containsKey("FAASFLOW_NODE_CAPACITY_BYTES"), "default: half the heap");
        assertFalse(env.containsKey("FAASFLOW_QUOTA_BYTES"), "default: the paper's formula");
        assertEquals("7070", envValue(c, "FAASFLOW_AGENT_PORT"));
        assertEquals("120", envValue(c, "FAASFLOW_SLOTS_PER_NODE"), "the agent runs what the operator plans with");
        assertEquals("30000", envValue(c, "FAASFLOW_STATE_GRACE_MS"));
        assertEquals(Map.of("http", 7070), ports(c));
        // A stable address: the node's IP and a host port, the same after the agent restarts.
        assertEquals(7070, c.at("/ports/0/hostPort").asInt());
        assertEquals("status.hostIP", env.get("FAASFLOW_AGENT_ADVERTISED_HOST").at("/valueFrom/fieldRef/fieldPath").asText());
        assertEquals("/v1/health", c.at("/readinessProbe/httpGet/path").asText());
        assertTrue(agent.at("/spec/template/spec/hostNetwork").isMissingNode());
        // Every variable the chart sets is one the agent's main reads.
        String main = Chart.read(Chart.root().resolve("agent-k8s/src/main/java/dev/faasflow/agent/k8s/AgentMain.java"));
        for (String name : env.keySet()) {
            // REDIS_PASSWORD is read by Kubernetes: it expands $(REDIS_PASSWORD) into FAASFLOW_REDIS.
            if (!name.equals("JAVA_TOOL_OPTIONS") && !(name.equals("REDIS_PASSWORD")
                    && envValue(c, "FAASFLOW_REDIS").contains("$(REDIS_PASSWORD)"))) {
                // The cluster key is read through ClusterKey.fromEnvironment, which names the variable itself.
                boolean read = main.contains("\"" + name + "\"")
                        || name.equals("FAASFLOW_CLUSTER_KEY") && main.contains("ClusterKey.fromEnvironment(env)");
                assertTrue(read, name + " is not read by AgentMain");
            }
        }
    }

    @Test
    void redisServesTheRemoteTier() {
        ObjectNode redis = chart.get("Deployment", "faasflow-redis");
        ObjectNode service = chart.get("Service", "faasflow-redis");
        assertEquals(6379, service.at("/spec/ports/0/port").asInt());
        assertSelects(service.at("/spec/selector"), redis);
        JsonNode c = container(redis);
        assertEquals("docker.io/library/redis:7.2", c.path("image").asText());
        List<String> args = Chart.JSON.convertValue(c.path("args"), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        assertEquals("noeviction", args.get(args.indexOf("--maxmemory-policy") + 1));
        assertEquals("", args.get(args.indexOf("--save") + 1));
    }

    @Test
    void podsRunAsNonRootWithoutPrivileges() {
        for (ObjectNode workload : List.of(operator, agent, chart.get("Deployment", "faasflow-redis"))) {
            String name = workload.at("/metadata/name").asText();
            assertTrue(workload.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean(), name);
            JsonNode sc = container(workload).path("securityContext");
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name);
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
            assertEquals("ALL", sc.at("/capabilities/drop/0").asText(), name);
            assertEquals("RuntimeDefault", workload.at("/spec/template/spec/securityContext/seccompProfile/type").asText(), name);
            JsonNode resources = container(workload).path("resources");
            assertFalse(resources.at("/requests/cpu").asText().isEmpty(), name + ": a CPU request");
            assertFalse(resources.at("/requests/memory").asText().isEmpty(), name + ": a memory request");
            assertFalse(resources.at("/limits/memory").asText().isEmpty(), name + ": a memory limit");
        }
        assertFalse(chart.get("Deployment", "faasflow-redis").at("/spec/template/spec/automountServiceAccountToken")
                .asBoolean(true), "Redis needs no API token");
    }

    @Test
    void networkPoliciesLetInOnlyWhoMustTalk() {
        ObjectNode toAgents = chart.get("NetworkPolicy", "faasflow-agent");
        assertSelects(toAgents.at("/spec/podSelector/matchLabels"), agent);
        assertEquals(7070, toAgents.at("/spec/ingress/0/ports/0/port").asInt());
        JsonNode from = toAgents.at("/spec/ingress/0/from");
        assertEquals(3, from.size(), from.toString());
        assertEquals("faasflow-operator", from.at("/0/podSelector/matchLabels/app.kubernetes.io~1name").asText());
        assertEquals("faasflow-agent", from.at("/1/podSelector/matchLabels/app.kubernetes.io~1name").asText());
        assertTrue(from.at("/2/namespaceSelector").isObject() && from.at("/2/namespaceSelector").isEmpty(),
                "function pods of any namespace");
        assertEquals("function-group", from.at("/2/podSelector/matchLabels/app.kubernetes.io~1component").asText());

        ObjectNode toOperator = chart.get("NetworkPolicy", "faasflow-operator");
        assertSelects(toOperator.at("/spec/podSelector/matchLabels"), operator);
        assertEquals(8080, toOperator.at("/spec/ingress/0/ports/0/port").asInt());
        assertTrue(toOperator.at("/spec/ingress/0/from").isMissingNode(), "the gateway from anywhere");
        assertEquals(9090, toOperator.at("/spec/ingress/1/ports/0/port").asInt());
        assertEquals("faasflow-agent", toOperator.at("/spec/ingress/1/from/0/podSelector/matchLabels/app.kubernetes.io~1name")
                .asText(), "the coordinator's events only from agents");

        ObjectNode toRedis = chart.get("NetworkPolicy", "faasflow-redis");
        assertSelects(toRedis.at("/spec/podSelector/matchLabels"), chart.get("Deployment", "faasflow-redis"));
        assertEquals(6379, toRedis.at("/spec/ingress/0/ports/0/port").asInt());
        assertEquals(2, toRedis.at("/spec/ingress/0/from").size());
        assertEquals("true", envValue(container(operator), "FAASFLOW_NETWORK_POLICY"));
    }

    private static void assertSelects(JsonNode selector, ObjectNode workload) {
        JsonNode labels = workload.at("/spec/template/metadata/labels");
        assertTrue(selector.size() > 0);
        selector.fields().forEachRemaining(e -> assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(),
                "pods of " + workload.at("/metadata/name").asText() + " must carry " + e.getKey()));
        JsonNode matchLabels = workload.at("/spec/selector/matchLabels");
        assertNotNull(matchLabels);
    }

    private static Map<String, Integer> ports(JsonNode container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    /** Every "faasflow.…" string in the sources under dir (config keys of @ConfigProperty and application.properties). */
    static Set<String> configKeys(Path dir) {
        Set<String> keys = new HashSet<>();
        Pattern key = Pattern.compile("\"(faasflow\\.[a-z0-9.-]+)\"|(?m)^(faasflow\\.[a-z0-9.-]+)=");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (keys.isEmpty()) {
            fail("no faasflow.* keys under " + dir);
        }
        return keys;
    }
}
