package dev.faasflow.processes;

import dev.faasflow.faastore.RemoteTier;
import io.vertx.core.Vertx;
import picocli.CommandLine;

import java.util.concurrent.TimeUnit;

/** What the coordinator's and a node's mains share: option errors as one line, and their shutdown. */
final class Mains {
    private Mains() {
    }

    /**
     * Runs a main's command: a bad option is one line and exit 2, a failure to start one line and exit 1; on
     * success the process keeps serving (its Vert.x threads hold it).
     */
    static void execute(String program, CommandLine cli, String[] args) {
        cli.setParameterExceptionHandler((e, a) -> {
            cli.getErr().println(program + ": " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            cli.getErr().println(program + ": cannot start: " + e.getMessage());
            return 1;
        });
        int status = cli.execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Closes Vert.x (its servers) and the remote tier's client, ignoring what fails: the process ends anyway. */
    static void close(Vertx vertx, RemoteTier remote) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // shutting down anyway
        }
        try {
            remote.close();
        } catch (Exception ignored) {
            // shutting down anyway
        }
    }
}
