package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.fail;

import dev.faasflow.fixtures.RedisServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-master Redis Cluster on free loopback ports for one test class, made with
 * {@code redis-cli --cluster create}. Missing binaries fail the tests with install advice.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private static final int MASTERS = 3;
    private final List<RedisServerProcess> nodes = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path server = RedisServerProcess.findBinary()
                .orElseGet(() -> fail("These tests need a real Redis: " + RedisServerProcess.missingBinaryAdvice()));
        Path cli = server.resolveSibling("redis-cli");
        if (!Files.isExecutable(cli)) {
            fail("These tests need redis-cli next to " + server + " (Debian: apt-get install -y redis-tools)");
        }
        List<String> create = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        for (int i = 0; i < MASTERS; i++) {
            RedisServerProcess node = RedisServerProcess.start(server, RedisServerProcess.freePort(),
                    List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", "2000"));
            nodes.add(node);
            create.add("127.0.0.1:" + node.port());
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        run(create);
        awaitClusterOk(cli);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private void awaitClusterOk(Path cli) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess node : nodes) {
                String info = run(List.of(cli.toString(), "-p", Integer.toString(node.port()), "cluster", "info"));
                allOk &= info.contains("cluster_state:ok");
            }
            if (allOk) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the Redis Cluster did not reach cluster_state:ok within 20 s");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        nodes.forEach(RedisServerProcess::stop);
    }

    public List<String> urls() {
        return nodes.stream().map(RedisServerProcess::url).toList();
    }

    public List<RedisServerProcess> nodes() {
        return nodes;
    }
}
