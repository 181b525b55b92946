package dev.faasflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The user's function server as a child process of the embedded engine ({@code faasflow run --functions}). What is
 * given decides how it starts:
 * <ul>
 *   <li>a directory holding jars ({@code *.jar}, {@code lib/*.jar}): the Java SDK's {@code FunctionServerMain} on
 *       those jars (the user's functions and their dependencies, the SDK among them), with this JVM's {@code java};</li>
 *   <li>a directory holding {@code functions.py}: {@code python3 -m faasflow_functions functions}, with the Python SDK
 *       this engine ships on {@code PYTHONPATH} after the directory;</li>
 *   <li>anything else: a command line, run with {@code sh -c}; it must serve the function contract on
 *       {@code $FAASFLOW_FUNCTION_PORT}.</li>
 * </ul>
 * The server listens on a free loopback port ({@code FAASFLOW_FUNCTION_HOST}, {@code FAASFLOW_FUNCTION_PORT});
 * {@link #start} returns once its {@code /v1/health} answers 200. Its output goes to a log file, whose end is
 * quoted when it fails to start. One process serves every simulated node: a run request names its node's store,
 * so nothing in the server is per node, and one process costs one start-up instead of N.
 */
public final class FunctionServerProcess implements AutoCloseable {
    /** How long a server may take to answer its first health check (a JVM's start included). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String PYTHON_SDK = "faasflow_functions";

    /** The user's function server did not start; the message says what was run and why it failed. */
    public static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    private final Process process;
    private final String url;
    private final Path log;
    private final Path scratch;

    private FunctionServerProcess(Process process, String url, Path log, Path scratch) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.scratch = scratch;
    }

    /** Starts the server {@code dirOrCommand} describes and waits for its health check. */
    public static FunctionServerProcess start(String dirOrCommand) {
        if (dirOrCommand == null || dirOrCommand.isBlank()) {
            throw new StartFailure("no function server given (a directory of jars, a directory with functions.py, "
                    + "or a command)");
        }
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("faasflow-functions-");
            Path log = scratch.resolve("server.log");
            int port = freePort();
            ProcessBuilder pb = command(dirOrCommand.trim(), scratch);
            pb.environment().put("FAASFLOW_FUNCTION_HOST", "127.0.0.1");
            pb.environment().put("FAASFLOW_FUNCTION_PORT", Integer.toString(port));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new StartFailure("cannot start " + String.join(" ", pb.command()) + ": " + e.getMessage());
            }
            FunctionServerProcess server = new FunctionServerProcess(process, "http://127.0.0.1:" + port, log, scratch);
            try {
                server.awaitHealthy(String.join(" ", pb.command()));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            deleteQuietly(scratch);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (scratch != null && Files.exists(scratch)) {
                deleteQuietly(scratch);
            }
            throw e;
        }
    }

    /** The server's base URL. */
    public String url() {
        return url;
    }

    /** Stops the process (TERM, then KILL after 5 s) and deletes its scratch files. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(scratch);
    }

    static ProcessBuilder command(String given, Path scratch) throws IOException {
        Path dir = Path.of(given);
        if (Files.isDirectory(dir)) {
            dir = dir.toAbsolutePath().normalize();
            if (Files.isRegularFile(dir.resolve("functions.py"))) {
                Path sdk = extractPythonSdk(scratch);
                ProcessBuilder pb = new ProcessBuilder("python3", "-m", PYTHON_SDK, "functions").directory(dir.toFile());
                String path = pb.environment().get("PYTHONPATH");
                pb.environment().put("PYTHONPATH", dir + java.io.File.pathSeparator + sdk
                        + (path == null || path.isEmpty() ? "" : java.io.File.pathSeparator + path));
                pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
                return pb;
            }
            List<Path> jars = jars(dir);
            if (jars.isEmpty()) {
                throw new StartFailure(given + " is a directory without jars (*.jar, lib/*.jar) or functions.py: "
                        + "nothing to serve");
            }
            String classPath = String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList());
            return new ProcessBuilder(javaCommand(), "-cp", classPath, "dev.faasflow.functions.FunctionServerMain",
                    "--strict").directory(dir.toFile());
        }
        return new ProcessBuilder("sh", "-c", "exec " + given);
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path d : List.of(dir, dir.resolve("lib"))) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.list(d)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                            .sorted().forEach(jars::add);
                }
            }
        }
        return jars;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Copies the Python SDK this engine ships (the python-sdk module's package, a resource) to {@code scratch}. */
    static Path extractPythonSdk(Path scratch) throws IOException {
        URL init = FunctionServerProcess.class.getClassLoader().getResource(PYTHON_SDK + "/__init__.py");
        if (init == null) {
            throw new StartFailure("the Python SDK is not on this engine's class path (module python-sdk)");
        }
        Path target = scratch.resolve("python");
        Files.createDirectories(target.resolve(PYTHON_SDK));
        URI uri;
        try {
            uri = init.toURI();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyPackage(jar.getPath("/" + PYTHON_SDK), target.resolve(PYTHON_SDK));
            }
        } else {
            copyPackage(Path.of(uri).getParent(), target.resolve(PYTHON_SDK));
        }
        return target;
    }

    private static void copyPackage(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".py")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Files.copy(in, to.resolve(f.getFileName().toString()));
                }
            }
        }
    }

    private void awaitHealthy(String what) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/v1/health")).timeout(Duration.ofSeconds(5))
                .GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartFailure("the function server (" + what + ") exited with status " + process.exitValue()
                        + " before answering " + url + "/v1/health" + logTail());
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("interrupted while waiting for the function server");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartFailure("interrupted while waiting for the function server");
            }
        }
        throw new StartFailure("the function server (" + what + ") did not answer " + url + "/v1/health within "
                + START_TIMEOUT.toSeconds() + " s" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return " (it printed nothing)";
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - 10), lines.size());
            return "; its last output:\n  " + String.join("\n  ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
