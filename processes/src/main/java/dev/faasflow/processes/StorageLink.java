package dev.faasflow.processes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A storage node alone: Redis in its own network namespace behind a {@code tc tbf} rate-limited link, reached from
 * this host over the bridge ({@code ./faasflow bench store --limited-link}). The paper caps its storage node's link
 * at 25 to 100 MB/s. Needs root; {@link #close} removes the namespace, the link and the process.
 */
public final class StorageLink implements AutoCloseable {
    private static final int PORT = 6379;
    private final Network network;
    private final Member redis;
    private final Path runDir;
    private final String url;
    private final Thread shutdownHook = new Thread(this::close, "faasflow-storage-link-shutdown");
    private volatile boolean closed;

    private StorageLink(Network network, Member redis, Path runDir, String url) {
        this.network = network;
        this.redis = redis;
        this.runDir = runDir;
        this.url = url;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** @param rateMBps the link's rate each way in MB/s (10^6 bytes) */
    public static StorageLink start(int rateMBps) throws IOException {
        if (!Commands.isRoot()) {
            throw new ProcessCluster.UnavailableHereException("--limited-link", "a rate-limited link needs root (network namespaces and tc)");
        }
        Leftovers.clean(ProcessCluster.runRoot(), true);
        String tag = ProcessCluster.newTag();
        Path runDir = Files.createDirectories(ProcessCluster.runRoot().resolve("ffpc-" + tag));
        Network network = Network.create(tag);
        try {
            String host = network.add(ProcessCluster.STORAGE).address();
            network.shape(ProcessCluster.STORAGE, 0, rateMBps);
            Member redis = ProcessCluster.startRedis(host, PORT, network.link(ProcessCluster.STORAGE).namespace(), runDir, false);
            return new StorageLink(network, redis, runDir, "redis://" + host + ":" + PORT);
        } catch (IOException | RuntimeException e) {
            network.close();
            Leftovers.deleteTree(runDir);
            throw e;
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // close runs as the hook itself
        }
        redis.stop();
        network.close();
        Leftovers.deleteTree(runDir);
    }
}
