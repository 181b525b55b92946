package dev.faasflow.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console in a real headless Chromium (Debian's chromium, which CI installs): the page, opened with the
 * engine's link, shows the installed workflows, the invocations with their phase and duration, and an invocation's
 * timeline drawn by the engine; a screenshot is saved in target/. Without the token the page says why it shows nothing.
 */
class ConsoleBrowserTest {
    private static EmbeddedCluster cluster;
    private static InvocationResult done;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(2));
        cluster.deploy(Benchmarks.load("wordcount"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        cluster.deploy(Benchmarks.load("video"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        String input = Benchmarks.defaultInput("wordcount");
        done = cluster.invoke("wordcount", input == null ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(input),
                new InvokeOptions(60_000, true, 0.01)).result().get(60, TimeUnit.SECONDS);
        assertEquals(InvocationPhase.SUCCEEDED, done.phase(), done.message());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Debian's chromium (or $CHROMIUM); its absence is a failure that says what to install, never a skip. */
    static String chromium() {
        String given = System.getenv("CHROMIUM");
        for (String candidate : given != null ? List.of(given) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        fail("this test needs a headless Chromium: apt-get install chromium (or set CHROMIUM)");
        return null;
    }

    /** Runs headless Chromium on {@code url} with {@code extra} flags; returns what it printed on stdout. */
    static String browse(String url, String... extra) throws Exception {
        Path profile = Files.createTempDirectory("console-browser-");
        List<String> command = new ArrayList<>(List.of(chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--window-size=1400,1200"));
        command.addAll(List.of(extra));
        command.add(url);
        Path out = Files.createTempFile("console-dom-", ".html");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                fail("chromium did not finish within 90 s");
            }
            return Files.readString(out);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void thePageShowsWorkflowsInvocationsAndATimeline() throws Exception {
        String dom = browse(cluster.consoleUrl(), "--dump-dom");
        assertTrue(dom.contains("<td>wordcount</td>") && dom.contains("<td>video</td>"), "the workflows:\n" + dom);
        assertTrue(dom.contains("data-invocation=\"" + done.id() + "\""), "the invocation:\n" + dom);
        assertTrue(dom.contains("class=\"phase-Succeeded\">Succeeded</td>"), "its phase:\n" + dom);
        assertTrue(dom.contains("Timeline of " + done.id()), "its timeline is shown:\n" + dom);
        assertTrue(dom.contains("<svg") && dom.contains("critical path"), "the engine's picture inline:\n" + dom);
        assertTrue(dom.contains("2 workflows, 1 invocations"), dom);

        Path shot = Path.of("target", "console.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        browse(cluster.consoleUrl(), "--screenshot=" + shot);
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page in " + shot);
    }

    @Test
    void withoutTheTokenThePageSaysWhyAndTheApiRefuses() throws Exception {
        String dom = browse(cluster.gatewayUrl() + "/console/", "--dump-dom");
        assertTrue(dom.contains("The console cannot read the engine: 401"), dom);
        assertTrue(dom.contains("open it with the link the engine printed"), dom);
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.gatewayUrl() + "/console/api/invocations")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, api.statusCode(), api.body());
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.gatewayUrl() + "/console/app.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the page itself is open: it shows nothing without the token");
        assertTrue(!page.body().contains("http://") && !page.body().contains("https://"), "no CDN, no remote asset");
    }
}
