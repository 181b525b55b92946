package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.fixtures.RedisServerProcess;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run} always prints its whole report, whatever the remote tier does: here the real redis-server is killed
 * in the middle of a run and a fresh one started on its port.
 */
class RunUnderFaultsTest {
    private static final Pattern PROGRESS = Pattern.compile("(\\d+)/\\d+ invocations done");
    private static final int INVOCATIONS = 150;

    @Test
    void aRedisRestartMidRunStillPrintsEveryInvocationsOutcomeAsJson() throws Exception {
        Path binary = RedisServerProcess.findBinary().orElseThrow(() -> new AssertionError(RedisServerProcess.missingBinaryAdvice()));
        RedisServerProcess first = RedisServerProcess.start();
        AtomicReference<RedisServerProcess> second = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread chaos = new Thread(() -> {
            try {
                // Mid-run: once some invocations are done, the server crashes and another takes its port 1 s later.
                while (done(err) < 15) {
                    Thread.sleep(20);
                }
                first.kill();
                Thread.sleep(1_000);
                second.set(RedisServerProcess.start(binary, first.port()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "redis-chaos");
        chaos.setDaemon(true);
        chaos.start();
        int status;
        try {
            status = Main.run(List.of("run", "wordcount", "--nodes", "2", "--invocations", Integer.toString(INVOCATIONS),
                    "--concurrency", "4", "--time-scale", "0.2", "--remote", first.url(), "--json"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            chaos.join(60_000);
        } finally {
            first.stop();
            if (second.get() != null) {
                second.get().stop();
            }
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertFalse(chaos.isAlive(), "the run ended before the restart: " + stderr);
        assertFalse(stderr.contains("\tat "), stderr);
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode invocations = report.get("invocations");
        assertEquals(INVOCATIONS, invocations.size(), "every invocation is in the report");
        Set<String> ids = new HashSet<>();
        int failed = 0;
        for (JsonNode inv : invocations) {
            ids.add(inv.get("id").asText());
            String status1 = inv.get("status").asText();
            assertTrue(Set.of("Succeeded", "Failed", "TimedOut").contains(status1), inv.toString());
            assertTrue(inv.get("cleanupErrors").isArray(), inv.toString());
            if (!"Succeeded".equals(status1)) {
                failed++;
                assertFalse(inv.path("message").asText().isBlank(), "a failure says why: " + inv);
            }
            for (JsonNode e : inv.get("cleanupErrors")) {
                assertTrue(e.asText().contains("remote store") || e.asText().contains("could not delete"), e.asText());
            }
        }
        assertEquals(INVOCATIONS, ids.size());
        // Operations retry a lost connection within their deadline, so the restart costs a pause; only invocations
        // whose data in Redis died with the first server may fail, and then the exit status says so.
        assertEquals(failed > 0 ? 1 : 0, status, stderr);
        assertTrue(report.get("summary").get("succeeded").asInt() > 0, "the others succeeded");
        assertEquals(0, report.get("statesLeft").asInt());
        assertEquals(0, report.get("localBytesLeft").asLong());
        assertEquals(INVOCATIONS - failed, report.get("summary").get("succeeded").asInt());
    }

    private static int done(ByteArrayOutputStream err) {
        Matcher m = PROGRESS.matcher(err.toString(StandardCharsets.UTF_8));
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
