package dev.faasflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** submit, get, watch and logs against a running engine's gateway, with its token; refusals are one clear line. */
class GatewayCommandsTest {
    static EmbeddedCluster cluster;
    @TempDir
    static Path dir;
    static Path token;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(2));
        cluster.deploy(Benchmarks.load("wordcount"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
        token = Files.writeString(dir.resolve("token"), cluster.gatewayToken() + "\n");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    record Result(int status, String out, String err) {
    }

    private static Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--gateway")) {
            all.addAll(List.of("--gateway", cluster.gatewayUrl()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void submitWatchGetAndLogsFollowOneInvocation() throws Exception {
        String input = Benchmarks.defaultInput("wordcount");
        Result submitted = cli("submit", "wordcount", "--input", input == null ? "{}" : input,
                "--token-file", token.toString());
        assertEquals(0, submitted.status(), submitted.err());
        String id = submitted.out().strip();
        assertTrue(id.startsWith("inv-"), submitted.out());

        Result watched = cli("watch", id, "--token-file", token.toString());
        assertEquals(0, watched.status(), watched.err());
        assertTrue(watched.err().contains(id + ": Succeeded"), watched.err());
        assertTrue(watched.out().startsWith(id + " wordcount Succeeded in "), watched.out());

        Result got = cli("get", id, "--token-file", token.toString());
        assertEquals(0, got.status(), got.err());
        assertEquals("Succeeded", new ObjectMapper().readTree(got.out()).path("phase").asText());

        Result logs = cli("logs", id, "--token-file", token.toString());
        assertEquals(0, logs.status(), logs.err());
        assertTrue(logs.out().startsWith("FUNCTION"), logs.out());
        assertTrue(logs.out().contains("\nmerge ") && logs.out().contains("critical path: start > "), logs.out());

        Result waited = cli("submit", "wordcount", "--input", input == null ? "{}" : input, "--wait",
                "--token-file", token.toString());
        assertEquals(0, waited.status(), waited.err());
        assertTrue(waited.out().contains(" wordcount Succeeded in "), waited.out());
    }

    @Test
    void refusalsAreOneLineAndAnUnknownInvocationFails() throws Exception {
        Result none = cli("submit", "wordcount");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("the gateway answered 401: the gateway needs a bearer token"), none.err());
        Result unknown = cli("get", "inv-none", "--token-file", token.toString());
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("the gateway answered 404"), unknown.err());
        Result badInput = cli("submit", "wordcount", "--input", "{oops", "--token-file", token.toString());
        assertEquals(2, badInput.status());
        assertTrue(badInput.err().contains("--input: not valid JSON"), badInput.err());
        Result nowhere = cli("get", "x", "--gateway", "http://127.0.0.1:1", "--token-file", token.toString());
        assertEquals(1, nowhere.status());
        assertTrue(nowhere.err().contains("cannot reach the gateway at http://127.0.0.1:1"), nowhere.err());
    }
}
