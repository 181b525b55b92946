package dev.faasflow.processes;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One process of a cluster: its command (run inside its network namespace when it has one), its log file
 * (stderr, and stdout too for non-Java members) and, for the Java members, the {@link ProcessLines} it prints:
 * its ready line and, for a node with a child runtime, that runtime's pid.
 */
final class Member {
    private final String name;
    private final List<String> command;
    private final String namespace;
    private final Path log;
    private final boolean printsReady;
    /** Variables set for the process beside the ones it inherits (secrets go here, never on its command line). */
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    private volatile Process process;
    private volatile CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private volatile long runtimePid;

    /** @param printsReady a Java member that prints a ready line (else readiness is checked from outside) */
    Member(String name, List<String> command, String namespace, Path log, boolean printsReady) {
        this.name = name;
        this.command = List.copyOf(command);
        this.namespace = namespace;
        this.log = log;
        this.printsReady = printsReady;
    }

    String name() {
        return name;
    }

    String namespace() {
        return namespace;
    }

    Path log() {
        return log;
    }

    /** The pid of the member's process (the {@code ip netns exec} wrapper execs it, so it is the same). */
    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    long runtimePid() {
        return runtimePid;
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    Member withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    void start() throws IOException {
        List<String> full = new ArrayList<>();
        if (namespace != null) {
            full.addAll(List.of("ip", "netns", "exec", namespace));
        }
        full.addAll(command);
        // Each start has its own future: the previous process's exit, seen late, must not fail this one's.
        CompletableFuture<JsonNode> started = new CompletableFuture<>();
        ready = started;
        runtimePid = 0;
        ProcessBuilder pb = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        if (!printsReady) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Process p = pb.start();
        p.getOutputStream().close();
        process = p;
        if (printsReady) {
            Thread reader = new Thread(() -> readLines(p, started), "faasflow-member-" + name);
            reader.setDaemon(true);
            reader.start();
        }
        p.onExit().thenRun(() -> started.completeExceptionally(new IOException(name + " exited with " + p.exitValue()
                + " before it was ready (log: " + log + ")")));
    }

    private void readLines(Process p, CompletableFuture<JsonNode> started) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                ProcessLines.parse(line, ProcessLines.READY).ifPresent(fields -> {
                    if (fields.has("runtimePid")) {
                        runtimePid = fields.get("runtimePid").asLong();
                    }
                    started.complete(fields);
                });
                ProcessLines.parse(line, ProcessLines.RUNTIME).ifPresent(fields -> runtimePid = fields.get("pid").asLong());
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Its ready line's fields (Java members), or null once {@code check} holds (others). */
    JsonNode awaitReady(long timeoutMillis, BooleanSupplier check) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (printsReady) {
            try {
                return ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException(name + " was not ready within " + timeoutMillis / 1000 + " s (log: " + log + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + name, e);
            }
        }
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before it was ready (log: " + log + ")");
            }
            if (check.getAsBoolean()) {
                return null;
            }
            sleep(50);
        }
        throw new IOException(name + " was not ready within " + timeoutMillis / 1000 + " s (log: " + log + ")");
    }

    /** Sends a signal by the process's id ({@code KILL}, {@code STOP}, {@code CONT}, {@code TERM}). */
    void signal(String signal) throws IOException {
        long pid = pid();
        if (pid > 0 && isAlive()) {
            Commands.signal(pid, signal);
        }
    }

    /** Waits for the process to end after a kill. */
    void awaitExit(long timeoutMillis) {
        Process p = process;
        if (p == null) {
            return;
        }
        try {
            p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it: SIGCONT (a stopped process cannot act on SIGTERM), SIGTERM, then SIGKILL after a grace period. */
    void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            Commands.signal(p.pid(), "CONT");
        } catch (IOException ignored) {
            // gone already
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
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
