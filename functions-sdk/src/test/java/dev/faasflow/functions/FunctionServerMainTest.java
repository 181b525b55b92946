package dev.faasflow.functions;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionServerMainTest {
    record Result(int status, String out, String err, FunctionServerMain command) {
    }

    static Result run(String... args) {
        return run(() -> TestEnv.REGISTRY, args);
    }

    static Result run(java.util.function.Supplier<FunctionRegistry> registry, String... args) {
        CommandLine cli = FunctionServerMain.command(registry);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Result(status, out.toString(), err.toString(), cli.getCommand());
    }

    @Test
    void badOptionsExitTwoNamingTheOption() {
        for (String[] args : new String[][] {{"--port", "70000"}, {"--port", "-1"}, {"--port", "http"}, {"--max-runs", "0"},
            {"--strict=maybe"}, {"--bogus"}}) {
            Result r = run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("FunctionServerMain: ") && r.err().contains(args[0].replaceAll("=.*", "")),
                    r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void helpListsTheOptionsAndTheirEnvironment() {
        Result r = run("--help");
        assertEquals(0, r.status());
        for (String word : new String[] {"--port", "--host", "--strict", "--max-runs", "FAASFLOW_FUNCTION_PORT"}) {
            assertTrue(r.out().contains(word), r.out());
        }
    }

    @Test
    void itServesOnTheGivenPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run("--port", Integer.toString(port), "--host", "127.0.0.1", "--strict");
        try {
            assertEquals(0, r.status(), r.err());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            Result busy = run("--port", Integer.toString(port), "--host", "127.0.0.1");
            assertEquals(1, busy.status());
            assertTrue(busy.err().startsWith("cannot listen on 127.0.0.1:" + port), busy.err());
        } finally {
            r.command().stop();
        }
    }

    @Test
    void withoutFunctionsItExitsTwoSayingWhereItLooked() {
        Result r = run(FunctionRegistry::new, "--port", "0");
        assertEquals(2, r.status());
        assertEquals("FunctionServerMain: no functions to serve: no jar on the class path lists a provider in "
                + "META-INF/services/dev.faasflow.functions.FunctionProvider", r.err().strip());
        Result broken = run(() -> {
            throw new IllegalStateException("function provider x.Y failed to register its functions: nope");
        }, "--port", "0");
        assertEquals(2, broken.status());
        assertEquals("FunctionServerMain: function provider x.Y failed to register its functions: nope",
                broken.err().strip());
    }
}
