package dev.faasflow.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.contract.RunRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A function runtime's /metrics counts its runs by workflow, function and outcome, and the bytes they moved. */
class RuntimeMetricsTest {

    @Test
    void runsAreCountedByOutcomeWithTheirTimeAndBytes() throws Exception {
        String inv = TestEnv.invocation();
        TestEnv.STORE.put(inv, "original", dev.faasflow.faastore.Blob.wrap("twelve bytes".getBytes(StandardCharsets.UTF_8)),
                dev.faasflow.workflow.Destination.DB);
        RunRequest copy = TestEnv.request("copy", inv, List.of(new RunRequest.Input("original", null, null, 12, null)),
                List.of(new RunRequest.Output("copy", null, 12, null)));
        assertEquals(200, TestEnv.run(copy).status());
        assertEquals(200, TestEnv.run(copy).status());
        assertEquals(500, TestEnv.run(TestEnv.request("boom", inv, List.of(), List.of())).status());

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + TestEnv.SERVERS.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = r.body();
        String copied = "workflow=\"test\",function=\"copy-fn\",outcome=\"succeeded\"";
        assertTrue(value(text, "faasflow_runtime_runs_total", copied) >= 2, text);
        assertTrue(value(text, "faasflow_runtime_store_bytes_read_total", copied) >= 24, text);
        assertTrue(value(text, "faasflow_runtime_store_bytes_written_total", copied) >= 24, text);
        assertTrue(value(text, "faasflow_runtime_run_seconds_total", copied) > 0, text);
        assertTrue(value(text, "faasflow_runtime_runs_total", "workflow=\"test\",function=\"boom-fn\",outcome=\"failed\"") >= 1,
                text);
        assertTrue(text.contains("# TYPE faasflow_runtime_runs_in_flight gauge\nfaasflow_runtime_runs_in_flight 0\n"), text);
        assertEquals("a\\\"b\\\\c\\n", RuntimeMetrics.escape("a\"b\\c\n"));
    }

    private static double value(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " ([0-9.eE+-]+)$").matcher(text);
        assertTrue(m.find(), name + "{" + labels + "} in\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
