package dev.faasflow.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands ({@code ip}, {@code tc}, {@code kill}) and says plainly why one failed. */
final class Commands {
    private static final long TIMEOUT_SECONDS = 30;

    private Commands() {
    }

    /** Runs the command; its standard output, or an IOException naming the command and its error output. */
    static String run(String... command) throws IOException {
        return run(List.of(command));
    }

    static String run(List<String> command) throws IOException {
        Path err = Files.createTempFile("faasflow-cmd-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(err).strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Runs the command and ignores a failure (tearing down what may already be gone). */
    static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException ignored) {
            // already gone, or never made
        }
    }

    /** Sends a signal ({@code KILL}, {@code STOP}, {@code CONT}, {@code TERM}) to one process by its id. */
    static void signal(long pid, String signal) throws IOException {
        run("kill", "-" + signal, Long.toString(pid));
    }

    /** True when this process runs as root (network namespaces and tc need it). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
