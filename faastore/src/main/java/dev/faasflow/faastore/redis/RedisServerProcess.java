package dev.faasflow.faastore.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away redis-server on a free loopback port, without persistence: for tests, benchmarks and
 * local runs. The binary is {@code $REDIS_SERVER} or {@code redis-server} on the PATH.
 */
public final class RedisServerProcess implements AutoCloseable {
    public static final String BINARY_ENV = "REDIS_SERVER";
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path workDir;

    private RedisServerProcess(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /** The redis-server binary to run, if there is one. */
    public static Optional<Path> findBinary() {
        String configured = System.getenv(BINARY_ENV);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What to tell someone who has no redis-server. */
    public static String missingBinaryAdvice() {
        String configured = System.getenv(BINARY_ENV);
        String where = configured != null && !configured.isBlank()
                ? BINARY_ENV + "=" + configured + " is not an executable file"
                : "no redis-server on the PATH";
        return where + ": install Redis (Debian/Ubuntu: apt-get install -y redis-server) or set "
                + BINARY_ENV + " to the redis-server binary";
    }

    /** Starts a server on a free loopback port and waits until it answers PING. */
    public static RedisServerProcess start() throws IOException {
        Path binary = findBinary().orElseThrow(() -> new IOException(missingBinaryAdvice()));
        return start(binary, freePort());
    }

    public static RedisServerProcess start(Path binary, int port) throws IOException {
        return start(binary, port, List.of());
    }

    /** @param extraArgs more redis-server options, e.g. {@code --cluster-enabled yes} */
    public static RedisServerProcess start(Path binary, int port, List<String> extraArgs) throws IOException {
        Path workDir = Files.createTempDirectory("redis-" + port + "-");
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--protected-mode", "no", "--dir", workDir.toString(), "--loglevel", "warning"));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("redis.log").toFile())
                .start();
        RedisServerProcess server = new RedisServerProcess(process, port, workDir);
        server.awaitPing();
        return server;
    }

    private void awaitPing() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port + ": " + log());
            }
            if (answersPing(port, 500)) {
                return;
            }
            sleep(50);
        }
        stop();
        throw new IOException("redis-server on port " + port + " did not answer PING within " + STARTUP.toSeconds() + " s");
    }

    /** True if something on 127.0.0.1:port answers a RESP PING with PONG within the timeout. */
    public static boolean answersPing(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung host. */
    public void suspend() throws IOException {
        signal("-STOP");
    }

    public void resume() throws IOException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException {
        try {
            int rc = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
            if (rc != 0) {
                throw new IOException("kill " + signal + " " + process.pid() + " exited with " + rc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling redis-server", e);
        }
    }

    /** Stops the server (a frozen one is resumed first so that SIGTERM can act) and waits for it. */
    public void stop() {
        if (process.isAlive()) {
            try {
                resume();
            } catch (IOException ignored) {
                // Best effort: destroyForcibly below does not need it.
            }
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteWorkDir();
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("redis.log")).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void deleteWorkDir() {
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover empty temp directory is harmless.
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
