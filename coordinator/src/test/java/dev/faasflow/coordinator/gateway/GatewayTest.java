package dev.faasflow.coordinator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.CoordinatorConfig;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.StoreConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway is documented once: docs/openapi.yaml is what it serves, and every route it mounts is in it. */
class GatewayTest {
    private static Vertx vertx;
    private static Router router;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        router = Router.router(vertx);
        base = serve(vertx, router, Namespaces.single("default"), GatewayAuth.open());
    }

    /** A coordinator without agents and its gateway on {@code router}, served on loopback; returns the base URL. */
    static String serve(Vertx vertx, Router router, Namespaces namespaces, GatewayAuth auth) throws Exception {
        Coordinator coordinator = Coordinator.start(vertx, CoordinatorConfig.embedded(),
                new FaaStore(StoreConfig.defaults(), new InProcessRemoteTier())).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        new Gateway(coordinator, namespaces, InvokeOptions.defaults(), auth).mount(router);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String docsCopy() throws Exception {
        return Files.readString(Path.of(System.getProperty("faasflow.docs", "../docs"), "openapi.yaml"));
    }

    @Test
    void theServedDocumentIsTheOneInDocs() throws Exception {
        HttpResponse<String> r = get("/openapi");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/yaml"));
        assertEquals(docsCopy(), r.body());
    }

    @Test
    void everyMountedRouteIsDocumented() throws Exception {
        JsonNode paths = new YAMLMapper().readTree(docsCopy()).get("paths");
        int checked = 0;
        for (Route route : router.getRoutes()) {
            if (route.methods() == null || route.methods().isEmpty() || route.getPath() == null) {
                continue; // the failure handler and the context note of every /v1 path
            }
            String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
            for (HttpMethod m : route.methods()) {
                assertFalse(paths.path(path).path(m.name().toLowerCase(Locale.ROOT)).isMissingNode(),
                        m + " " + path + " is mounted but not in docs/openapi.yaml");
                checked++;
            }
        }
        assertEquals(5, checked, "POST, GET and DELETE of invocations, GET of a trace, GET /openapi");
    }

    @Test
    void anotherNamespaceOrAnUnknownInvocationIsAClear404() throws Exception {
        HttpResponse<String> other = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/v1/namespaces/prod/workflows/video/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, other.statusCode());
        assertTrue(other.body().contains("only namespace 'default'"), other.body());
        HttpResponse<String> unknown = get("/v1/namespaces/default/invocations/inv-none");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no invocation 'inv-none' in namespace 'default'"), unknown.body());
    }

    @Test
    void aSubmissionKeyIsReadAndABadOneIsRefusedNamingIt() throws Exception {
        InvocationRequest keyed = InvocationRequest.parse("{\"requestId\": \"order-42\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), InvokeOptions.defaults());
        assertEquals("order-42", keyed.options().requestId());
        for (String bad : java.util.List.of("{\"requestId\": 42}", "{\"requestId\": \" \"}",
                "{\"requestId\": \"" + "k".repeat(InvocationRequest.MAX_REQUEST_ID_LENGTH + 1) + "\"}")) {
            dev.faasflow.coordinator.InvalidInvocationException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.faasflow.coordinator.InvalidInvocationException.class, () -> InvocationRequest.parse(
                            bad.getBytes(java.nio.charset.StandardCharsets.UTF_8), InvokeOptions.defaults()));
            assertEquals(400, e.httpStatus(), bad);
            assertTrue(e.getMessage().contains("requestId must be a non-empty string of at most 256 characters"),
                    e.getMessage());
        }
    }
}
