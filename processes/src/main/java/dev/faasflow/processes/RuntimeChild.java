package dev.faasflow.processes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node's function runtime in a child process on a fixed loopback port, started again whenever it exits until
 * the node closes it: a killed runtime is a crashed container that its kubelet restarts. Each start prints a
 * {@value ProcessLines#RUNTIME} line with the new pid once the runtime listens.
 */
final class RuntimeChild implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeChild.class);
    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static final long RESTART_PAUSE_MILLIS = 200;

    private final int port;
    private final Path log;
    private volatile Process process;
    private volatile boolean closed;

    private RuntimeChild(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    /** Starts the runtime ({@code port} 0: a free one, kept for every restart) and waits until it listens. */
    static RuntimeChild start(int port, Path log) throws IOException {
        RuntimeChild child = new RuntimeChild(port > 0 ? port : freePort(), log);
        child.launch();
        child.awaitListening();
        child.announce();
        child.superviseNext();
        return child;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String marker = System.getProperty(ProcessCluster.MARKER_PROPERTY);
        if (marker != null) {
            command.add("-D" + ProcessCluster.MARKER_PROPERTY + "=" + marker);
        }
        command.add("-Xmx512m");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RuntimeMain.class.getName(),
                "--exit-with", Long.toString(ProcessHandle.current().pid()),
                "--host", "127.0.0.1", "--port", Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
    }

    /** Tells the launcher the runtime's pid, once it listens. */
    private void announce() {
        ProcessLines.print(System.out, ProcessLines.RUNTIME, Map.of("pid", process.pid(), "url", url()));
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the function runtime exited with " + process.exitValue() + " on port " + port
                        + (log == null ? "" : " (log: " + log + ")"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("the function runtime did not listen on port " + port + " within " + START_TIMEOUT_MILLIS + " ms");
    }

    private void superviseNext() {
        Process watched = process;
        watched.onExit().thenRun(() -> {
            if (closed) {
                return;
            }
            LOG.warn("function runtime (pid {}) exited with {}: starting it again", watched.pid(), watched.exitValue());
            while (!closed) {
                sleep(RESTART_PAUSE_MILLIS);
                try {
                    launch();
                    awaitListening();
                    announce();
                    superviseNext();
                    return;
                } catch (IOException e) {
                    LOG.warn("function runtime did not start again: {}", e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
