package dev.faasflow.coordinator;

import dev.faasflow.faastore.RemoteTier;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** The last step of every host of an engine (embedded cluster, operator, the processes' mains). */
public final class Shutdown {
    private Shutdown() {
    }

    /**
     * Closes Vert.x (its servers and clients, waiting up to 10 s) and then the remote tier's client, ignoring
     * what fails: the host is going away anyway, and one failure must not keep the other open.
     */
    public static void close(Vertx vertx, RemoteTier remote) {
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
