package dev.faasflow.crds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the Fabric8 mock API server with the real kubectl: the generated definitions are installed, the
 * example Workflow is applied, and {@code kubectl get} shows the printer columns. The mock answers what
 * kubectl needs besides CRUD: discovery, and server-side tables (built here from the definitions' printer
 * columns, as the API server does). Skipped when kubectl is not installed.
 */
class KubectlSmokeTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    static Path kubeconfig;
    static final Map<String, CustomResourceDefinition> CRDS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        for (String plural : List.of("workflows", "invocations")) {
            try (InputStream in = KubectlSmokeTest.class.getClassLoader()
                    .getResourceAsStream("META-INF/fabric8/" + plural + ".faasflow.dev-v1.yml")) {
                CRDS.put(plural, io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class));
            }
        }
        List<CustomResourceDefinitionContext> contexts = new ArrayList<>();
        CRDS.values().forEach(crd -> contexts.add(CustomResourceDefinitionContext.fromCrd(crd)));
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(contexts);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubectlDispatcher(crud), false);
        server.init();
        client = server.createClient();
        CRDS.values().forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
        kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    namespace: default
                current-context: mock
                users: []
                """.formatted(server.getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
        if (kubeconfig != null) {
            Files.deleteIfExists(kubeconfig);
        }
    }

    static String kubectlPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static String kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(kubectlPath(), "--kubeconfig", kubeconfig.toString(),
                "--request-timeout=10s"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl finished");
        assertEquals(0, p.exitValue(), "kubectl " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    @Test
    void kubectlAppliesAWorkflowAndShowsThePrinterColumns() throws Exception {
        assumeTrue(kubectlPath() != null, "kubectl is not installed: skipping the kubectl smoke test");
        Path example = Path.of("..", "examples", "workflows", "wordcount.yaml");
        assumeTrue(Files.exists(example), "examples/workflows/wordcount.yaml is written by WorkflowManifestsTest");
        String applied = kubectl("apply", "--validate=false", "-f", example.toString());
        assertTrue(applied.contains("workflow.faasflow.dev/wordcount created"), applied);

        // What the operator would write.
        WorkflowResource wf = client.resources(WorkflowResource.class).inNamespace("default").withName("wordcount").get();
        WorkflowStatus status = new WorkflowStatus();
        status.setPhase(WorkflowStatus.READY);
        status.setFunctionCount(3);
        status.setGroupCount(1);
        status.setNodeCount(1);
        status.setControlMode(ControlMode.MASTER_SP);
        status.setDataMode(DataMode.RAW);
        wf.setStatus(status);
        client.resources(WorkflowResource.class).inNamespace("default").resource(wf).updateStatus();

        String table = kubectl("get", "workflows");
        String[] lines = table.strip().split("\n");
        // The columns in their declared order (PrinterColumnOrder), status first.
        assertEquals(List.of("NAME", "PHASE", "GROUPS", "NODES", "AGE"), List.of(lines[0].trim().split("\\s+")), table);
        assertTrue(lines[1].matches("wordcount\\s+Ready\\s+1\\s+1\\s+\\S+"), table);
        String shortName = kubectl("get", "wf", "-o", "wide");
        // The modes in effect come from the status (the example leaves them to the operator's defaults).
        assertTrue(shortName.contains("FUNCTIONS") && shortName.contains("MODE") && shortName.contains("MasterSP"), shortName);
        assertTrue(shortName.contains("DATA") && shortName.contains("raw"), shortName);

        String created = kubectl("create", "--validate=false", "-f", Path.of("..", "examples", "invocations", "wordcount.yaml").toString());
        assertTrue(created.contains("invocation.faasflow.dev/wordcount-sample created"), created);
        InvocationResource inv = client.resources(InvocationResource.class).inNamespace("default")
                .withName("wordcount-sample").get();
        InvocationStatus failed = new InvocationStatus();
        failed.setPhase(InvocationPhase.FAILED);
        failed.setStartTime(Instant.now().minusSeconds(5).toString());
        failed.setDuration("1.234s");
        failed.setFailedFunction("count");
        failed.setMessage("count: out-of-paper");
        inv.setStatus(failed);
        client.resources(InvocationResource.class).inNamespace("default").resource(inv).updateStatus();
        String invocations = kubectl("get", "inv");
        String[] rows = invocations.strip().split("\n");
        assertEquals(List.of("NAME", "WORKFLOW", "PHASE", "DURATION", "AGE"), List.of(rows[0].trim().split("\\s+")),
                invocations);
        assertTrue(rows[1].matches("wordcount-sample\\s+wordcount\\s+Failed\\s+1\\.234s\\s+\\S+"), invocations);
        String wide = kubectl("get", "inv", "-o", "wide");
        assertEquals(List.of("NAME", "WORKFLOW", "PHASE", "DURATION", "AGE", "STARTED", "FAILED-FUNCTION", "MESSAGE"),
                List.of(wide.strip().split("\n")[0].trim().split("\\s+")), wide);
        assertTrue(wide.contains("count") && wide.contains("count: out-of-paper"), wide);

        String deleted = kubectl("delete", "workflow", "wordcount");
        assertTrue(deleted.contains("deleted"), deleted);
    }

    /** CRUD plus discovery and tables: what kubectl asks of an API server beyond storing objects. */
    static final class KubectlDispatcher extends Dispatcher {
        private final Dispatcher crud;

        KubectlDispatcher(Dispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int q = path.indexOf('?');
            String bare = q < 0 ? path : path.substring(0, q);
            if ("GET".equals(request.getMethod())) {
                if (bare.startsWith("/openapi")) {
                    return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}");
                }
                String discovery = discovery(bare);
                if (discovery != null) {
                    return json(200, discovery);
                }
            }
            MockResponse response = crud.dispatch(request);
            String accept = request.getHeader("Accept");
            if ("GET".equals(request.getMethod()) && accept != null && accept.contains("as=Table") && response.code() == 200) {
                String plural = bare.replaceAll(".*/", "");
                String single = null;
                if (!CRDS.containsKey(plural)) {
                    String[] parts = bare.split("/");
                    plural = parts.length > 1 ? parts[parts.length - 2] : plural;
                    single = bare.replaceAll(".*/", "");
                }
                CustomResourceDefinition crd = CRDS.get(plural);
                if (crd != null) {
                    return json(200, table(crd, response.getBody().readUtf8(), single != null).toString());
                }
            }
            return response;
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
        }

        private static String discovery(String path) {
            return switch (path) {
                case "/version" -> "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\",\"platform\":\"linux/amd64\"}";
                case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                        + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
                case "/api/v1" -> "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                        + resource("pods", "Pod", true, "po") + "," + resource("namespaces", "Namespace", false, "ns") + ","
                        + resource("events", "Event", true, "ev") + "]}";
                case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
                        + group(Resources.GROUP, Resources.VERSION) + "," + group("apiextensions.k8s.io", "v1") + "]}";
                case "/apis/faasflow.dev/v1alpha1" -> "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
                        + Resources.API_VERSION + "\",\"resources\":[" + resource("workflows", "Workflow", true, "wf") + ","
                        + resource("workflows/status", "Workflow", true, null) + ","
                        + resource("invocations", "Invocation", true, "inv") + ","
                        + resource("invocations/status", "Invocation", true, null) + "]}";
                case "/apis/apiextensions.k8s.io/v1" -> "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":"
                        + "\"apiextensions.k8s.io/v1\",\"resources\":[" + resource("customresourcedefinitions",
                        "CustomResourceDefinition", false, "crd") + "]}";
                default -> null;
            };
        }

        private static String group(String name, String version) {
            String gv = "{\"groupVersion\":\"" + name + "/" + version + "\",\"version\":\"" + version + "\"}";
            return "{\"name\":\"" + name + "\",\"versions\":[" + gv + "],\"preferredVersion\":" + gv + "}";
        }

        private static String resource(String plural, String kind, boolean namespaced, String shortName) {
            String singular = plural.contains("/") ? "" : kind.toLowerCase();
            return "{\"name\":\"" + plural + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                    + ",\"kind\":\"" + kind + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]"
                    + (shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]") + "}";
        }

        /** A meta.k8s.io/v1 Table with the definition's printer columns, as the API server would answer. */
        private static JsonNode table(CustomResourceDefinition crd, String body, boolean single) {
            try {
                JsonNode list = WorkflowManifests.JSON.readTree(body);
                ObjectNode table = WorkflowManifests.JSON.createObjectNode();
                table.put("kind", "Table");
                table.put("apiVersion", "meta.k8s.io/v1");
                table.putObject("metadata").put("resourceVersion", list.path("metadata").path("resourceVersion").asText(""));
                ArrayNode columns = table.putArray("columnDefinitions");
                columns.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0);
                var printer = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
                printer.forEach(c -> columns.addObject().put("name", c.getName()).put("type", c.getType())
                        .put("format", c.getFormat() == null ? "" : c.getFormat())
                        .put("priority", c.getPriority() == null ? 0 : c.getPriority()));
                ArrayNode rows = table.putArray("rows");
                List<JsonNode> items = new ArrayList<>();
                if (single) {
                    items.add(list);
                } else {
                    list.path("items").forEach(items::add);
                }
                for (JsonNode item : items) {
                    ObjectNode row = rows.addObject();
                    ArrayNode cells = row.putArray("cells");
                    cells.add(item.at("/metadata/name").asText());
                    printer.forEach(c -> {
                        JsonNode v = item.at(c.getJsonPath().replace('.', '/'));
                        if (v.isMissingNode() || v.isNull()) {
                            cells.addNull();
                        } else if ("date".equals(c.getType())) {
                            cells.add(age(v.asText()));
                        } else {
                            cells.add(v);
                        }
                    });
                    ObjectNode object = row.putObject("object");
                    object.put("kind", "PartialObjectMetadata");
                    object.put("apiVersion", "meta.k8s.io/v1");
                    object.set("metadata", item.path("metadata"));
                }
                return table;
            } catch (Exception e) {
                throw new IllegalStateException("cannot build a table: " + e.getMessage(), e);
            }
        }

        private static String age(String timestamp) {
            try {
                long s = Math.max(0, Duration.between(Instant.parse(timestamp), Instant.now()).getSeconds());
                return s < 120 ? s + "s" : (s / 60) + "m";
            } catch (Exception e) {
                return "<unknown>";
            }
        }
    }
}
