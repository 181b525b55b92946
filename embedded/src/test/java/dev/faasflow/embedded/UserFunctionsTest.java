package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The templates' workflows end to end on the embedded engine with the user's function server as a child process
 * (what {@code faasflow run --functions} does), in both SDKs, and what a user sees when the server misbehaves.
 */
class UserFunctionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The templates, from this module's folder. */
    private static final Path EXAMPLES = Path.of("..", "examples", "functions").toAbsolutePath().normalize();
    private static final InvokeOptions OPTIONS = new InvokeOptions(60_000, false, 1.0);

    @Test
    void javaTemplateRunsItsWorkflowAndTakesTheShoutBranch() throws Exception {
        Path jars = EXAMPLES.resolve("java-hello/target");
        assertTrue(Files.isDirectory(jars.resolve("lib")), jars + " is built by the reactor (module java-hello)");
        JsonNode results = runTemplate("java-hello", jars.toString(), "{\"names\": \"Ada, Grace, Linus\", \"shout\": true}");
        assertEquals("HELLO, ADA! HELLO, GRACE! HELLO, LINUS!", results.get("loud").asText());
        assertEquals(6, results.get("words").asInt());
        assertFalse(results.has("signed"), "the switch's other branch is skipped: " + results);
    }

    @Test
    void pythonTemplateRunsItsWorkflowAndTakesTheDefaultBranch() throws Exception {
        JsonNode results = runTemplate("python-hello", EXAMPLES.resolve("python-hello").toString(),
                "{\"names\": [\"Ada\", \"Grace\"], \"shout\": false}");
        assertEquals("Hello, Ada! Hello, Grace! -- sent with FaaSFlow", results.get("signed").asText());
        assertEquals(4, results.get("words").asInt());
        assertFalse(results.has("loud"), "the switch's other branch is skipped: " + results);
    }

    private static JsonNode runTemplate(String name, String functions, String input) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.startWithFunctions(EmbeddedOptions.defaults(2), functions)) {
            cluster.deploy(Benchmarks.loadPathOrName(EXAMPLES.resolve(name).toString()), GroupingOptions.defaults(),
                    ControlMode.WORKER_SP);
            InvocationResult r = cluster.invoke(name, JSON.readTree(input), OPTIONS).result().get(60, TimeUnit.SECONDS);
            assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.failedFunction() + ": " + r.message());
            assertEquals(0, cluster.statesLeft());
            return JSON.valueToTree(r.results());
        }
    }

    /** The invocation failed at its one function, {@code only}, for the reason named by {@code because}. */
    private static void assertFailedAt(InvocationResult r, String because) {
        assertEquals(InvocationPhase.FAILED, r.phase());
        assertEquals("only", r.failedFunction());
        assertTrue(r.message().contains(because), r.message());
    }

    @Test
    void aFunctionMissingFromTheServerFailsTheInvocationNamingIt() throws Exception {
        InvocationResult r = runOne(EXAMPLES.resolve("python-hello").toString(), "nobody");
        assertFailedAt(r, "no implementation for function 'only'");
    }

    @Test
    void aCrashingServerFailsTheInvocationNamingTheFunction(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("functions.py"), """
                import os
                from faasflow_functions import function

                @function("crash")
                def crash(ctx):
                    os._exit(3)
                """);
        InvocationResult r = runOne(dir.toString(), "crash");
        assertFailedAt(r, "could not be reached");
    }

    @Test
    void malformedOutputOfAServerFailsTheInvocationNamingTheFunction(@TempDir Path dir) throws Exception {
        // A server of the user's own (a command) that answers every run with something that is not a run response.
        Files.writeString(dir.resolve("bad.py"), """
                import os
                from http.server import BaseHTTPRequestHandler, HTTPServer

                class H(BaseHTTPRequestHandler):
                    def answer(self, body):
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                    def do_GET(self):
                        self.answer(b'{"status": "UP"}')
                    def do_POST(self):
                        self.rfile.read(int(self.headers["Content-Length"]))
                        self.answer(b'{"function": ')

                HTTPServer(("127.0.0.1", int(os.environ["FAASFLOW_FUNCTION_PORT"])), H).serve_forever()
                """);
        InvocationResult r = runOne("python3 " + dir.resolve("bad.py"), "anything");
        assertFailedAt(r, "answered something that is not a run result");
    }

    @Test
    void aServerThatCannotStartIsReportedWithItsOutput(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("functions.py"), "raise RuntimeError('broken on purpose')\n");
        FunctionServerProcess.StartFailure e = assertThrows(FunctionServerProcess.StartFailure.class,
                () -> FunctionServerProcess.start(dir.toString()));
        assertTrue(e.getMessage().contains("exited with status 2"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot import module functions: RuntimeError: broken on purpose"),
                e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(FunctionServerProcess.StartFailure.class, () -> FunctionServerProcess.start(empty.toString()));
        assertTrue(e.getMessage().contains("without jars"), e.getMessage());
    }

    private static InvocationResult runOne(String functions, String source) throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.startWithFunctions(EmbeddedOptions.defaults(1), functions)) {
            cluster.deploy(WorkflowLoader.parse("one.yaml", "one", "functions:\n- {name: only, source: " + source
                    + ", runtime: 0}\n"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
            InvocationResult r = cluster.invoke("one", JSON.createObjectNode(), OPTIONS).result().get(60, TimeUnit.SECONDS);
            assertEquals(0, cluster.statesLeft());
            return r;
        }
    }
}
