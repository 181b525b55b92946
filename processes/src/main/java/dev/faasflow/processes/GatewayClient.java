package dev.faasflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.workflow.InvocationPhase;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A client of the users' gateway ({@code docs/openapi.yaml}) in namespace {@code default}, and of the coordinator
 * process's control endpoint: what the launcher and the fault harness send invocations through.
 */
public final class GatewayClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http;
    private final String base;
    /** The Authorization header of gateway calls (its API key), or null. */
    private final String gatewayAuthorization;
    /** The Authorization header of control calls (the cluster key), or null. */
    private final String authorization;

    /**
     * @param gatewayToken the gateway's API key, or null when it takes none
     * @param clusterKey   the cluster key the control endpoint (and an agent's control routes) want, or null
     */
    public GatewayClient(String url, String gatewayToken, String clusterKey) {
        this.base = url;
        this.gatewayAuthorization = gatewayToken == null ? null : "Bearer " + gatewayToken;
        this.authorization = clusterKey == null ? null : "Bearer " + clusterKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String url() {
        return base;
    }

    /** The request body for these options (the gateway takes only positive time scales: 0 becomes the least one). */
    static ObjectNode body(JsonNode input, InvokeOptions options) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (input != null && !input.isNull()) {
            body.set("input", input);
        }
        body.put("timeoutSeconds", options.timeoutMillis() / 1000.0);
        body.put("timeScale", options.timeScale() > 0 ? options.timeScale() : Double.MIN_VALUE);
        body.put("generateMissingInputs", options.generateMissingInputs());
        body.put("allowUnknownInputs", options.allowUnknownInputs());
        if (options.requestId() != null) {
            body.put("requestId", options.requestId());
        }
        return body;
    }

    /**
     * Submits an invocation; completes with its id, or fails with {@link InvalidInvocationException} for an answer
     * 4xx (the gateway's reason) and with an IOException when the gateway cannot be reached or answers 5xx.
     */
    public CompletableFuture<String> submit(String workflow, JsonNode input, InvokeOptions options) {
        HttpRequest request = gateway("/workflows/" + URLEncoder.encode(workflow, StandardCharsets.UTF_8) + "/invocations")
                .timeout(TIMEOUT).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(input, options).toString())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            if (r.statusCode() == 202) {
                return CompletableFuture.completedFuture(field(r.body(), "id"));
            }
            String error = field(r.body(), "error");
            String message = error != null ? error : "HTTP " + r.statusCode() + ": " + r.body();
            return CompletableFuture.failedFuture(r.statusCode() / 100 == 4
                    ? new InvalidInvocationException(r.statusCode(), message)
                    : new IOException("the gateway answered " + r.statusCode() + ": " + message));
        });
    }

    /** The invocation as the gateway shows it; empty when it does not know it (404). */
    public CompletableFuture<Optional<JsonNode>> get(String id) {
        HttpRequest request = gateway("/invocations/" + id).timeout(TIMEOUT).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            if (r.statusCode() == 404) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            if (r.statusCode() != 200) {
                return CompletableFuture.failedFuture(new IOException("the gateway answered " + r.statusCode() + ": " + r.body()));
            }
            try {
                return CompletableFuture.completedFuture(Optional.of(Json.MAPPER.readTree(r.body())));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** Forgets an invocation (a running one is cancelled first); false when the gateway does not know it. */
    public CompletableFuture<Boolean> delete(String id) {
        HttpRequest request = gateway("/invocations/" + id).timeout(TIMEOUT).DELETE().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> r.statusCode() == 204
                ? CompletableFuture.completedFuture(true) : r.statusCode() == 404 ? CompletableFuture.completedFuture(false)
                : CompletableFuture.failedFuture(new IOException("the gateway answered " + r.statusCode() + ": " + r.body())));
    }

    /** The phase of a gateway answer, or null when it is none the engine knows. */
    public static InvocationPhase phase(JsonNode invocation) {
        try {
            return InvocationPhase.parse(invocation.path("phase").asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A finished invocation's result, read from the gateway's answer. */
    public static InvocationResult result(JsonNode invocation) throws IOException {
        ObjectNode copy = invocation.deepCopy();
        copy.remove("namespace");
        return Json.MAPPER.treeToValue(copy, InvocationResult.class);
    }

    /** A request to {@code path} under the embedded namespace of the gateway, with its API key. */
    private HttpRequest.Builder gateway(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/" + EmbeddedCluster.NAMESPACE
                + path));
        return gatewayAuthorization == null ? b : b.header("Authorization", gatewayAuthorization);
    }

    /** A request to the control endpoint, with the cluster key. */
    private HttpRequest.Builder control(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    /** PUT of a JSON body to the control endpoint; fails naming the coordinator's reason. */
    void put(String path, Object body) throws IOException {
        HttpRequest request = control(path).timeout(Duration.ofSeconds(90))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build();
        HttpResponse<String> r = send(request);
        if (r.statusCode() / 100 != 2) {
            String error = field(r.body(), "error");
            throw new IOException(error != null ? error : "HTTP " + r.statusCode() + " from " + base + path);
        }
    }

    /** GET of a JSON document from the coordinator process. */
    JsonNode getJson(String path) throws IOException {
        HttpResponse<String> r = send(control(path).timeout(TIMEOUT).GET().build());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + base + path);
        }
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String field(String body, String name) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n.hasNonNull(name) ? n.get(name).asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
