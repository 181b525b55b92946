package dev.faasflow.functions.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The image's entry point as a process: it serves the benchmark functions and replays the rest. */
class FunctionRuntimeMainTest {

    @Test
    void theProcessServesTheBenchmarkFunctionsWithReplayAsFallback() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FunctionRuntimeMain.class.getName(), "--host", "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // the port comes from the environment variable, as on Kubernetes
        pb.environment().put("FAASFLOW_FUNCTION_PORT", Integer.toString(port));
        Process process = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode functions = awaitFunctions(http, port, process);
            assertEquals("replay", functions.get("fallback").asText());
            String names = functions.get("functions").toString();
            for (String name : List.of("wc_count", "video/split", "recognizer_adult", "fileprocessing_conversion", "cycles/*")) {
                assertTrue(names.contains("\"" + name + "\""), name + " in " + names);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static JsonNode awaitFunctions(HttpClient http, int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the runtime exited with status " + (process.isAlive() ? "" : process.exitValue()));
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1/functions")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
                return new ObjectMapper().readTree(r.body());
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the runtime did not answer within 60 s");
    }
}
