package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code submit}, {@code get}, {@code watch} and {@code logs}: the gateway of a running installation (the operator's,
 * or an embedded engine's) from the command line, with a bearer token. Exit 0 when the call (and, waited for, the
 * invocation) succeeded, 1 when the gateway refused or the invocation did not succeed, 2 for bad options.
 */
final class GatewayCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayCommands() {
    }

    /** Where the gateway is and who calls it: options, else the environment. */
    static final class Target {
        @Option(names = "--gateway", paramLabel = "URL", description = "The gateway (default: $FAASFLOW_GATEWAY, else "
                + "http://127.0.0.1:8080, as after kubectl port-forward svc/faasflow-operator 8080).")
        String gateway;

        @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
                description = "The namespace of the workflow and its invocations.")
        String namespace;

        @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the bearer token (default: "
                + "$FAASFLOW_TOKEN): a ServiceAccount token (kubectl create token NAME) or an API key.")
        Path tokenFile;

        Client client(CliCommand command, Map<String, String> env) {
            String url = gateway != null ? gateway : env.getOrDefault("FAASFLOW_GATEWAY", "http://127.0.0.1:8080");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new ParameterException(command.spec.commandLine(), "--gateway: must be an http(s) URL, got " + url);
            }
            String token = env.get("FAASFLOW_TOKEN");
            if (tokenFile != null) {
                try {
                    token = Files.readString(tokenFile).strip();
                } catch (IOException e) {
                    throw new ParameterException(command.spec.commandLine(), "--token-file: cannot read " + tokenFile
                            + ": " + e.getMessage());
                }
            }
            return new Client(url.replaceAll("/+$", ""), namespace, token);
        }
    }

    /** One gateway, one namespace, one token. */
    record Client(String base, String namespace, String token) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/"
                            + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + path))
                    .timeout(Duration.ofMinutes(10)).header("content-type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (token != null && !token.isEmpty()) {
                b.header("Authorization", "Bearer " + token);
            }
            try {
                return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                throw new IOException("cannot reach the gateway at " + base + " (is it running, or port-forwarded?)", e);
            }
        }

        HttpResponse<String> invocation(String id) throws IOException, InterruptedException {
            return send("GET", "/invocations/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
        }
    }

    /** The gateway's refusal as one line on stderr: exit 1. */
    static int refused(CliCommand command, HttpResponse<String> r) {
        String error;
        try {
            error = JSON.readTree(r.body()).path("error").asText(r.body());
        } catch (IOException e) {
            error = r.body();
        }
        command.io.err().println("the gateway answered " + r.statusCode() + ": " + error);
        return Main.FAILED;
    }

    static boolean ended(JsonNode invocation) {
        String phase = invocation.path("phase").asText();
        return !phase.equals("Pending") && !phase.equals("Running");
    }

    /** Asks until the invocation has ended, printing each phase it is seen in; returns its last answer. */
    static JsonNode watch(CliCommand command, Client client, String id, boolean quiet) throws Exception {
        String seen = null;
        long pause = 100;
        while (true) {
            HttpResponse<String> r = client.invocation(id);
            if (r.statusCode() != 200) {
                refused(command, r);
                return null;
            }
            JsonNode now = JSON.readTree(r.body());
            String phase = now.path("phase").asText();
            if (!quiet && !phase.equals(seen)) {
                command.io.err().println(id + ": " + phase);
                seen = phase;
            }
            if (ended(now)) {
                return now;
            }
            Thread.sleep(pause);
            pause = Math.min(1_000, pause * 2);
        }
    }

    static String summary(JsonNode r) {
        String line = String.format(Locale.ROOT, "%s %s %s in %.1f ms", r.path("id").asText(), r.path("workflow").asText(),
                r.path("phase").asText(), r.path("e2eMs").asDouble());
        return r.hasNonNull("message") && !r.path("message").asText().isEmpty()
                ? line + ": " + r.path("message").asText() : line;
    }

    @Command(name = "submit", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Start an invocation through the gateway; print its id, or with --wait its outcome.")
    static final class Submit extends CliCommand {
        @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow's name in its namespace.")
        String workflow;

        @Option(names = "--input", paramLabel = "JSON", defaultValue = "{}", description = "The invocation's input.")
        String input;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Its timeout (default: the gateway's).")
        Double timeout;

        @Option(names = "--wait", description = "Wait until it ends, showing its phases; exit 1 unless it succeeded.")
        boolean waitForIt;

        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            try {
                body.set("input", JSON.readTree(input));
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--input: not valid JSON: " + e.getMessage());
            }
            if (timeout != null) {
                body.put("timeoutSeconds", timeout);
            }
            Client client = target.client(this, System.getenv());
            HttpResponse<String> r = client.send("POST", "/workflows/"
                    + URLEncoder.encode(workflow, StandardCharsets.UTF_8) + "/invocations", body.toString());
            if (r.statusCode() != 202) {
                return refused(this, r);
            }
            String id = JSON.readTree(r.body()).path("id").asText();
            if (!waitForIt) {
                io.out().println(id);
                return Main.OK;
            }
            JsonNode done = watch(this, client, id, false);
            if (done == null) {
                return Main.FAILED;
            }
            io.out().println(summary(done));
            return done.path("phase").asText().equals("Succeeded") ? Main.OK : Main.FAILED;
        }
    }

    /** A command about one invocation of a gateway. */
    abstract static class OneInvocation extends CliCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The id submit printed.")
        String id;

        @Mixin
        Target target;
    }

    @Command(name = "get", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Print an invocation as the gateway shows it (JSON: phase, and once ended its result).")
    static final class Get extends OneInvocation {

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> r = target.client(this, System.getenv()).invocation(id);
            if (r.statusCode() != 200) {
                return refused(this, r);
            }
            io.out().println(JSON.readTree(r.body()).toPrettyString());
            return Main.OK;
        }
    }

    @Command(name = "watch", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Follow an invocation until it ends, printing each phase; exit 1 unless it succeeded.")
    static final class Watch extends OneInvocation {

        @Override
        public Integer call() throws Exception {
            JsonNode done = watch(this, target.client(this, System.getenv()), id, false);
            if (done == null) {
                return Main.FAILED;
            }
            io.out().println(summary(done));
            return done.path("phase").asText().equals("Succeeded") ? Main.OK : Main.FAILED;
        }
    }

    @Command(name = "logs", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Print an ended invocation's function attempts in start order: node, attempt, queued, run, "
                    + "bytes, error (its trace).")
    static final class Logs extends OneInvocation {

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> r = target.client(this, System.getenv()).send("GET",
                    "/invocations/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/trace", null);
            if (r.statusCode() != 200) {
                return refused(this, r);
            }
            JsonNode trace = JSON.readTree(r.body());
            io.out().printf(Locale.ROOT, "%-24s %-12s %7s %10s %10s %12s  %s%n", "FUNCTION", "NODE", "ATTEMPT", "QUEUED MS",
                    "RUN MS", "BYTES OUT", "ERROR");
            for (JsonNode f : trace.path("functions")) {
                String name = f.path("function").asText() + (f.hasNonNull("instance") ? "#" + f.path("instance").asInt() : "");
                io.out().printf(Locale.ROOT, "%-24s %-12s %7d %10.1f %10.1f %12d  %s%n", name, f.path("node").asText(),
                        f.path("attempt").asInt(1), f.path("queuedMs").asDouble(), f.path("durationMs").asDouble(),
                        f.path("bytesWritten").asLong(), f.path("error").asText(""));
            }
            java.util.List<String> path = new java.util.ArrayList<>();
            trace.path("summary").path("criticalPath").forEach(f -> path.add(f.asText()));
            io.out().println("critical path: " + String.join(" > ", path));
            return Main.OK;
        }
    }
}
