package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.fail;

import dev.faasflow.faastore.redis.RedisServerProcess;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real redis-server on a free loopback port for one test class. No redis-server is a test
 * failure with install advice, never a skip: the remote tier must be tested against the real thing.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
    private RedisServerProcess server;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (RedisServerProcess.findBinary().isEmpty()) {
            fail("These tests need a real Redis: " + RedisServerProcess.missingBinaryAdvice());
        }
        try {
            server = RedisServerProcess.start();
        } catch (IOException e) {
            fail("could not start redis-server: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
    }

    public RedisServerProcess server() {
        return server;
    }

    public String url() {
        return server.url();
    }
}
