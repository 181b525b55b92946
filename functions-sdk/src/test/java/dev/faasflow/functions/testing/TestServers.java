package dev.faasflow.functions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.functions.FunctionServerOptions;
import dev.faasflow.functions.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Two function servers of one registry on loopback, as the SDK's and the benchmark functions' tests run them: a
 * lenient one (the registry's fallback serves unknown functions) and a strict one; and a plain HTTP client for both.
 */
public record TestServers(FunctionServer lenient, int port, FunctionServer strict, int strictPort) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What a server answered: its status and its JSON body. */
    public record Reply(int status, JsonNode body) {
        /** The body's {@code error} field, or null. */
        public String error() {
            return body.path("error").asText(null);
        }
    }

    /** Starts both servers on free loopback ports; call it once the registry holds its functions. */
    public static TestServers start(FunctionRegistry registry) {
        FunctionServer lenient = new FunctionServer(registry, new FunctionServerOptions());
        FunctionServer strict = new FunctionServer(registry, new FunctionServerOptions().strict(true));
        try {
            return new TestServers(lenient, lenient.start("127.0.0.1", 0), strict, strict.start("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code body} (or none when null) as JSON to a loopback server and reads its JSON answer. */
    public static Reply send(int port, String method, String path, byte[] body) {
        try {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), Json.MAPPER.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a run request to the server on {@code port}. */
    public static Reply run(int port, RunRequest request) {
        try {
            return send(port, "POST", "/v1/run", Json.MAPPER.writeValueAsBytes(request));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
