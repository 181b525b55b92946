package dev.faasflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code scripts/remote-link.sh}: a Redis behind a rate-limited veth link in its own network
 * namespace. Stops the link on close only if this object started it.
 *
 * @param url         the Redis behind the link
 * @param startedHere the link was down before, so closing this stops it
 */
record RemoteLink(Path script, String url, boolean startedHere) implements AutoCloseable {
    static final String SCRIPT_ENV = "FAASFLOW_REMOTE_LINK";
    private static final Path RELATIVE = Path.of("scripts", "remote-link.sh");

    /** The script: the given path, {@code $FAASFLOW_REMOTE_LINK}, or scripts/remote-link.sh here or above. */
    static Optional<Path> findScript(String given) {
        if (given != null) {
            return Optional.of(Path.of(given));
        }
        String env = System.getenv(SCRIPT_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static RemoteLink start(Path script, int rateMBps) throws IOException {
        boolean alreadyUp = run(script, "status").exitCode == 0;
        Result started = run(script, "start", Integer.toString(rateMBps));
        if (started.exitCode != 0) {
            throw new IOException(script + " start " + rateMBps + " failed (exit " + started.exitCode + "): " + started.output.strip());
        }
        List<String> lines = started.output.strip().lines().filter(l -> l.startsWith("redis://")).toList();
        if (lines.isEmpty()) {
            throw new IOException(script + " start printed no redis:// URL: " + started.output.strip());
        }
        return new RemoteLink(script, lines.get(lines.size() - 1), !alreadyUp);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path script, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        // stdout only: the script reports progress on stderr, which we let through to the terminal.
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(script + " " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + script, e);
        }
    }

    @Override
    public void close() throws IOException {
        if (startedHere) {
            run(script, "stop");
        }
    }
}
