package dev.faasflow.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.Set;

import static dev.faasflow.helm.Chart.container;
import static dev.faasflow.helm.Chart.env;
import static dev.faasflow.helm.Chart.envValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values reach the objects they are meant for; wrong combinations are refused; the chart lints clean. */
class ChartValuesTest {
    static Chart.Rendered chart;

    @BeforeAll
    static void render() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("operator.image.tag", "1.2.3");
        values.put("operator.image.pullPolicy", "Always");
        values.put("agent.image.repository", "registry.example/faasflow/agent");
        values.put("functions.image.tag", "fn-7");
        values.put("engine.defaultTimeoutSeconds", 42);
        values.put("engine.functionTimeoutMs", 1234);
        values.put("operator.slotsPerNode", 8);
        values.put("operator.resources.requests.cpu", "2");
        values.put("agent.resources.limits.memory", "6Gi");
        values.put("agent.nodeCapacityBytes", "4294967296");
        values.put("agent.hostNetwork", true);
        values.put("agent.nodeSelector.faasflow\\.dev/worker", "true");
        values.put("redis.enabled", false);
        values.put("redis.externalUrl", "redis://shared-redis.data.svc:6380");
        values.put("imagePullSecrets[0].name", "regcred");
        values.put("faastore.quotaBytes", 1048576);
        values.put("defaults.controlMode", "MasterSP");
        values.put("defaults.dataMode", "raw");
        chart = Chart.render(values);
    }

    @Test
    void imagesAndPullSettings() {
        ObjectNode operator = chart.get("Deployment", "faasflow-operator");
        ObjectNode agent = chart.get("DaemonSet", "faasflow-agent");
        assertEquals("ghcr.io/faasflow/faasflow-operator:1.2.3", container(operator).path("image").asText());
        assertEquals("Always", container(operator).path("imagePullPolicy").asText());
        assertEquals("registry.example/faasflow/agent:0.1.0", container(agent).path("image").asText());
        assertEquals("ghcr.io/faasflow/faasflow-functions:fn-7", envValue(container(operator), "FAASFLOW_FUNCTION_IMAGE"));
        assertEquals("regcred", operator.at("/spec/template/spec/imagePullSecrets/0/name").asText());
        assertEquals("regcred", agent.at("/spec/template/spec/imagePullSecrets/0/name").asText());
    }

    @Test
    void timeoutsSlotsAndNodeMemory() {
        JsonNode operator = container(chart.get("Deployment", "faasflow-operator"));
        JsonNode agent = container(chart.get("DaemonSet", "faasflow-agent"));
        assertEquals("42", envValue(operator, "FAASFLOW_INVOCATION_DEFAULT_TIMEOUT_SECONDS"));
        assertEquals("1234", envValue(operator, "FAASFLOW_FUNCTION_TIMEOUT_MS"));
        assertEquals("1234", envValue(agent, "FAASFLOW_FUNCTION_TIMEOUT_MS"));
        assertEquals("8", envValue(operator, "FAASFLOW_SLOTS_PER_NODE"));
        assertEquals("8", envValue(agent, "FAASFLOW_SLOTS_PER_NODE"), "one value for the planner and the agents");
        assertEquals("4294967296", envValue(agent, "FAASFLOW_NODE_CAPACITY_BYTES"));
    }

    @Test
    void networkPoliciesCanBeTurnedOff() {
        Chart.Rendered off = Chart.render(Map.of("networkPolicy.enabled", false));
        assertTrue(off.ofKind("NetworkPolicy").isEmpty());
        assertEquals("false", envValue(container(off.get("Deployment", "faasflow-operator")), "FAASFLOW_NETWORK_POLICY"));
        off.get("ClusterRole", "faasflow-operator").path("rules").forEach(rule -> rule.path("resources")
                .forEach(r -> assertFalse(r.asText().equals("networkpolicies"), "no NetworkPolicy right when off")));
    }

    @Test
    void theClusterKeyIsGeneratedOnceAndReachesTheOperatorAndEveryAgent() {
        Chart.Rendered defaults = Chart.render(Map.of());
        var secret = defaults.get("Secret", "faasflow-cluster-key");
        assertEquals("keep", secret.path("metadata").path("annotations").path("helm.sh/resource-policy").asText(),
                "an uninstall keeps the key, an upgrade finds it and reuses it");
        String key = new String(java.util.Base64.getDecoder().decode(secret.path("data").path("key").asText()));
        assertEquals(48, key.length(), key);
        for (var workload : List.of(container(defaults.get("Deployment", "faasflow-operator")),
                container(defaults.get("DaemonSet", "faasflow-agent")))) {
            var ref = Chart.env(workload).get("FAASFLOW_CLUSTER_KEY").path("valueFrom").path("secretKeyRef");
            assertEquals("faasflow-cluster-key", ref.path("name").asText(), workload.toString());
            assertEquals("key", ref.path("key").asText());
        }
        Chart.Rendered own = Chart.render(Map.of("clusterKey.existingSecret", "my-key"));
        assertTrue(own.ofKind("Secret").stream().noneMatch(s -> s.path("metadata").path("name").asText().contains("cluster-key")));
        assertEquals("my-key", Chart.env(container(own.get("DaemonSet", "faasflow-agent"))).get("FAASFLOW_CLUSTER_KEY")
                .path("valueFrom").path("secretKeyRef").path("name").asText());
    }

    @Test
    void theBundledRedisWantsAPasswordThatTheOperatorAndEveryAgentGetInTheirUrl() {
        Chart.Rendered defaults = Chart.render(Map.of());
        var secret = defaults.get("Secret", "faasflow-redis-auth");
        assertEquals("keep", secret.path("metadata").path("annotations").path("helm.sh/resource-policy").asText());
        String password = new String(java.util.Base64.getDecoder().decode(secret.path("data").path("password").asText()));
        assertTrue(password.matches("[A-Za-z0-9]{40}"), "letters and digits, safe in a URL: " + password);
        var redis = container(defaults.get("Deployment", "faasflow-redis"));
        String args = redis.path("args").toString();
        assertTrue(args.startsWith("[\"--requirepass\",\"$(REDIS_PASSWORD)\""), args);
        for (String name : List.of("REDIS_PASSWORD", "REDISCLI_AUTH")) {
            assertEquals("faasflow-redis-auth", Chart.env(redis).get(name).path("valueFrom").path("secretKeyRef")
                    .path("name").asText(), name);
        }
        for (var workload : List.of(container(defaults.get("Deployment", "faasflow-operator")),
                container(defaults.get("DaemonSet", "faasflow-agent")))) {
            var env = Chart.env(workload);
            assertEquals("faasflow-redis-auth", env.get("REDIS_PASSWORD").path("valueFrom").path("secretKeyRef")
                    .path("name").asText());
            assertEquals("redis://:$(REDIS_PASSWORD)@faasflow-redis.faasflow.svc:6379",
                    envValue(workload, "FAASFLOW_REDIS"));
            // Kubernetes expands $(VAR) only from variables listed before it.
            List<String> names = new java.util.ArrayList<>(env.keySet());
            assertTrue(names.indexOf("REDIS_PASSWORD") < names.indexOf("FAASFLOW_REDIS"), names.toString());
        }
        Chart.Rendered open = Chart.render(Map.of("redis.auth.enabled", false));
        assertTrue(open.ofKind("Secret").stream().noneMatch(s -> s.path("metadata").path("name").asText().contains("redis")));
        assertEquals("redis://faasflow-redis.faasflow.svc:6379",
                envValue(container(open.get("DaemonSet", "faasflow-agent")), "FAASFLOW_REDIS"));
        assertFalse(container(open.get("Deployment", "faasflow-redis")).path("args").toString().contains("requirepass"));
        Chart.Rendered own = Chart.render(Map.of("redis.auth.existingSecret", "my-redis"));
        assertTrue(own.ofKind("Secret").stream().noneMatch(s -> s.path("metadata").path("name").asText().contains("redis")));
        assertEquals("my-redis", Chart.env(container(own.get("Deployment", "faasflow-operator")))
                .get("REDIS_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText());
    }

    @Test
    void theGatewayAsksTheApiServerUnlessToldNotToAndTakesApiKeysFromASecret() {
        Chart.Rendered defaults = Chart.render(Map.of());
        var operator = container(defaults.get("Deployment", "faasflow-operator"));
        assertEquals("kubernetes", envValue(operator, "FAASFLOW_GATEWAY_AUTHENTICATION"));
        assertFalse(Chart.env(operator).containsKey("FAASFLOW_GATEWAY_API_KEYS"));
        var invoker = defaults.get("ClusterRole", "faasflow-invoker");
        assertEquals("true", invoker.path("metadata").path("labels").path("rbac.authorization.k8s.io/aggregate-to-edit").asText());
        assertEquals(List.of("faasflow.dev|invocations|create,delete,get,list,watch", "faasflow.dev|workflows|get,list,watch"),
                Chart.rules(invoker));

        Chart.Rendered keys = Chart.render(Map.of("gateway.apiKeys.existingSecret", "gateway-keys"));
        var ref = Chart.env(container(keys.get("Deployment", "faasflow-operator"))).get("FAASFLOW_GATEWAY_API_KEYS")
                .path("valueFrom").path("secretKeyRef");
        assertEquals("gateway-keys", ref.path("name").asText());
        assertEquals("keys", ref.path("key").asText());

        Chart.Rendered none = Chart.render(Map.of("gateway.authentication", "none"));
        assertEquals("none", envValue(container(none.get("Deployment", "faasflow-operator")), "FAASFLOW_GATEWAY_AUTHENTICATION"));
        assertTrue(Chart.rules(none.get("ClusterRole", "faasflow-operator")).stream()
                .noneMatch(r -> r.contains("tokenreviews") || r.contains("subjectaccessreviews")), "no review rights when off");
        Exception bad = assertThrows(Exception.class, () -> Chart.render(Map.of("gateway.authentication", "oidc")));
        assertTrue(String.valueOf(bad.getMessage()).contains("gateway.authentication must be kubernetes or none, got \"oidc\""),
                bad.getMessage());
    }

    @Test
    void monitorsAndTheDashboardAskOnlyForSeriesTheComponentsExport() throws Exception {
        assertTrue(Chart.render(Map.of()).ofKind("ServiceMonitor").isEmpty(), "off by default (needs the CRDs)");
        Chart.Rendered on = Chart.render(Map.of("metrics.serviceMonitor.enabled", true,
                "metrics.grafanaDashboard.enabled", true, "metrics.serviceMonitor.labels.release", "prometheus"));
        var operatorMonitor = on.get("ServiceMonitor", "faasflow-operator");
        assertEquals("prometheus", operatorMonitor.at("/metadata/labels/release").asText());
        assertEquals("/metrics", operatorMonitor.at("/spec/endpoints/0/path").asText());
        assertEquals("http", operatorMonitor.at("/spec/endpoints/0/port").asText());
        var agentMonitor = on.get("PodMonitor", "faasflow-agent");
        assertEquals("http", agentMonitor.at("/spec/podMetricsEndpoints/0/port").asText());
        assertEquals("faasflow-agent", agentMonitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
        assertEquals("true", on.get("DaemonSet", "faasflow-agent").at("/spec/template/metadata/annotations/prometheus.io~1scrape")
                .asText());

        var dashboard = on.get("ConfigMap", "faasflow-dashboard");
        assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
        var json = Chart.JSON.readTree(dashboard.at("/data/faasflow.json").asText());
        // Every series a panel asks for is one that some component registers (histograms add _bucket/_count/_sum;
        // Micrometer writes faasflow.a.b as faasflow_a_b, with _total for a counter, _seconds for a timer).
        Set<String> exported = exportedSeries();
        int asked = 0;
        for (var panel : json.path("panels")) {
            for (var target : panel.path("targets")) {
                Matcher m = Pattern.compile("faasflow_[a-z_]+").matcher(target.path("expr").asText());
                while (m.find()) {
                    String name = base(m.group().replaceAll("_(bucket|count|sum)$", ""));
                    assertTrue(exported.contains(name), panel.path("title").asText() + " asks for " + m.group()
                            + ", which no component exports");
                    asked++;
                }
            }
        }
        assertTrue(asked >= 12, "the dashboard asks for " + asked + " series");
    }

    /** The metric names the Java sources register (string literals faasflow_... or faasflow.a.b), by their base. */
    private static Set<String> exportedSeries() throws java.io.IOException {
        Set<String> names = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.walk(Chart.root())) {
            for (var file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/"))
                    .toList()) {
                Matcher m = Pattern.compile("\"(faasflow[._][a-z_.]+)\"").matcher(Chart.read(file));
                while (m.find()) {
                    names.add(base(m.group(1).replace('.', '_')));
                }
            }
        }
        return names;
    }

    /** A series name without the unit or counter suffix Prometheus' naming adds. */
    private static String base(String name) {
        return name.replaceAll("_(total|seconds)$", "");
    }

    @Test
    void aScraperGetsThroughTheAgentsPolicyOnlyWhenNamed() {
        var closed = Chart.render(Map.of()).get("NetworkPolicy", "faasflow-agent");
        assertEquals(3, closed.at("/spec/ingress/0/from").size(), "operator, agents, function pods");
        var open = Chart.render(Map.of("metrics.scraper.namespaceSelector.matchLabels.name", "monitoring"))
                .get("NetworkPolicy", "faasflow-agent");
        var peers = open.at("/spec/ingress/0/from");
        assertEquals(4, peers.size(), peers.toString());
        assertEquals("monitoring", peers.get(3).at("/namespaceSelector/matchLabels/name").asText(), peers.toString());
    }

    @Test
    void theQuotaReachesTheOperatorAndEveryAgent() {
        // The operator plans with the quota, the agents' stores enforce it: the same value for both.
        assertEquals("1048576", envValue(container(chart.get("Deployment", "faasflow-operator")), "FAASFLOW_QUOTA_BYTES"));
        assertEquals("1048576", envValue(container(chart.get("DaemonSet", "faasflow-agent")), "FAASFLOW_QUOTA_BYTES"));
        // Zero is a quota (nothing stays in node memory), not "unset".
        Chart.Rendered zero = Chart.render(Map.of("faastore.quotaBytes", 0));
        assertEquals("0", envValue(container(zero.get("Deployment", "faasflow-operator")), "FAASFLOW_QUOTA_BYTES"));
        assertEquals("0", envValue(container(zero.get("DaemonSet", "faasflow-agent")), "FAASFLOW_QUOTA_BYTES"));
        Exception bad = assertThrows(Exception.class, () -> Chart.render(Map.of("faastore.quotaBytes", "1Gi")));
        assertTrue(bad.getMessage().contains("faastore.quotaBytes must be a whole number of bytes"), bad.getMessage());
    }

    @Test
    void byteCountsFromAValuesFileStayWholeNumbers() throws Exception {
        // YAML numbers reach the templates as floats; 268435456 must not become 2.68435456e+08.
        Path file = Files.createTempFile("faasflow-values", ".yaml");
        try {
            Files.writeString(file, "faastore:\n  quotaBytes: 268435456\nagent:\n  nodeCapacityBytes: 4294967296\n");
            String text = new Helm(Chart.chartDir()).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                    .withValuesFile(file).call();
            Chart.Rendered fromFile = new Chart.Rendered(Chart.parseAll(text));
            JsonNode agent = container(fromFile.get("DaemonSet", "faasflow-agent"));
            assertEquals("268435456", envValue(container(fromFile.get("Deployment", "faasflow-operator")), "FAASFLOW_QUOTA_BYTES"));
            assertEquals("268435456", envValue(agent, "FAASFLOW_QUOTA_BYTES"));
            assertEquals("4294967296", envValue(agent, "FAASFLOW_NODE_CAPACITY_BYTES"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void defaultModesReachTheOperator() {
        JsonNode operator = container(chart.get("Deployment", "faasflow-operator"));
        assertEquals("MasterSP", envValue(operator, "FAASFLOW_DEFAULT_CONTROL_MODE"));
        assertEquals("raw", envValue(operator, "FAASFLOW_DEFAULT_DATA_MODE"));
        Exception control = assertThrows(Exception.class, () -> Chart.render(Map.of("defaults.controlMode", "workers")));
        assertTrue(control.getMessage().contains("defaults.controlMode must be WorkerSP or MasterSP"), control.getMessage());
        Exception data = assertThrows(Exception.class, () -> Chart.render(Map.of("defaults.dataMode", "fast")));
        assertTrue(data.getMessage().contains("defaults.dataMode must be optimized or raw"), data.getMessage());
    }

    @Test
    void resources() {
        JsonNode operator = container(chart.get("Deployment", "faasflow-operator"));
        JsonNode agent = container(chart.get("DaemonSet", "faasflow-agent"));
        assertEquals("2", operator.at("/resources/requests/cpu").asText());
        assertEquals("512Mi", operator.at("/resources/requests/memory").asText(), "untouched values keep their defaults");
        assertEquals("6Gi", agent.at("/resources/limits/memory").asText());
    }

    @Test
    void agentOnTheNodeNetworkOfSelectedNodes() {
        ObjectNode agent = chart.get("DaemonSet", "faasflow-agent");
        assertTrue(agent.at("/spec/template/spec/hostNetwork").asBoolean());
        assertTrue(container(agent).at("/ports/0/hostPort").isMissingNode(), "on the node's network no hostPort is needed");
        assertEquals("ClusterFirstWithHostNet", agent.at("/spec/template/spec/dnsPolicy").asText());
        assertEquals("true", agent.at("/spec/template/spec/nodeSelector").path("faasflow.dev/worker").asText());
    }

    @Test
    void externalRedisReplacesTheBundledOne() {
        assertFalse(chart.has("Deployment", "faasflow-redis"));
        assertFalse(chart.has("Service", "faasflow-redis"));
        assertEquals("redis://shared-redis.data.svc:6380",
                envValue(container(chart.get("Deployment", "faasflow-operator")), "FAASFLOW_REDIS"));
        assertEquals("redis://shared-redis.data.svc:6380",
                envValue(container(chart.get("DaemonSet", "faasflow-agent")), "FAASFLOW_REDIS"));
    }

    @Test
    void externalRedisUrlFromASecret() {
        Chart.Rendered fromSecret = Chart.render(Map.of("redis.enabled", false,
                "redis.externalUrlSecret.name", "redis-url", "redis.externalUrlSecret.key", "uri"));
        for (ObjectNode workload : new ObjectNode[] {fromSecret.get("Deployment", "faasflow-operator"),
                fromSecret.get("DaemonSet", "faasflow-agent")}) {
            JsonNode ref = env(container(workload)).get("FAASFLOW_REDIS").at("/valueFrom/secretKeyRef");
            assertEquals("redis-url", ref.path("name").asText());
            assertEquals("uri", ref.path("key").asText());
        }
        assertFalse(fromSecret.has("Deployment", "faasflow-redis"));
    }

    @Test
    void theRemoteTierMustBeChosenOnce() {
        Exception none = assertThrows(Exception.class, () -> Chart.render(Map.of("redis.enabled", false)));
        assertTrue(none.getMessage().contains("remote tier is required"), none.getMessage());
        Exception both = assertThrows(Exception.class,
                () -> Chart.render(Map.of("redis.externalUrl", "redis://elsewhere:6379")));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());
    }

    @Test
    void otherReleaseNamesNameEverythingAfterThem() {
        String text = new Helm(Chart.chartDir()).template().withName("wf").withNamespace("engines").call();
        Chart.Rendered other = new Chart.Rendered(Chart.parseAll(text));
        ObjectNode operator = other.get("Deployment", "wf-faasflow-operator");
        assertEquals("app.kubernetes.io/name=faasflow-agent,app.kubernetes.io/instance=wf",
                envValue(container(operator), "FAASFLOW_AGENT_SELECTOR"));
        assertEquals("redis://:$(REDIS_PASSWORD)@wf-faasflow-redis.engines.svc:6379", envValue(container(operator), "FAASFLOW_REDIS"));
        assertEquals("wf", other.get("DaemonSet", "wf-faasflow-agent")
                .at("/spec/template/metadata/labels").path("app.kubernetes.io/instance").asText());
    }

    @Test
    void lintsClean() {
        LintResult lint = new Helm(Chart.chartDir()).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }
}
