package dev.faasflow.faastore.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * How to reach the remote tier and how long to wait for it.
 *
 * @param addresses                 {@code redis://host:port} of the one server, or seed nodes of a cluster
 * @param cluster                   true for Redis Cluster
 * @param connectionPoolSize        connections per server (per master in a cluster)
 * @param connectionMinimumIdleSize connections opened up front and kept open
 * @param operationTimeout          how long a small operation may take before the store is declared unavailable
 * @param connectTimeout            how long to wait for a TCP connection
 * @param retryAttempts             Redisson retries of a command that failed to send or timed out
 * @param retryInterval             pause between those retries
 * @param keyTtl                    expiry of every key an invocation writes: the safety net for invocations
 *                                  whose agent died before clearing them
 * @param resultTtl                 expiry of the results {@code clearExcept} keeps
 * @param minBandwidthBytesPerSecond the slowest link the deadlines allow for: an operation moving N bytes
 *                                  gets {@code operationTimeout + N / minBandwidth}
 * @param readChunkBytes            large values are read in ranges of this size, each with its own deadline,
 *                                  so a slow but live link is never mistaken for a dead one
 * @param keyPrefix                 first part of every key, e.g. {@code ff:{invocation}:v:key}
 * @param password                  AUTH password, or null
 */
public record RedisConfig(List<String> addresses, boolean cluster, int connectionPoolSize,
                          int connectionMinimumIdleSize, Duration operationTimeout, Duration connectTimeout,
                          int retryAttempts, Duration retryInterval, Duration keyTtl, Duration resultTtl,
                          long minBandwidthBytesPerSecond, int readChunkBytes, String keyPrefix, String password) {

    public static final int DEFAULT_POOL_SIZE = 64;
    public static final int DEFAULT_MIN_IDLE = 8;
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_KEY_TTL = Duration.ofHours(1);
    public static final Duration DEFAULT_RESULT_TTL = Duration.ofHours(24);
    public static final long DEFAULT_MIN_BANDWIDTH = 8L * 1024 * 1024;
    public static final int DEFAULT_READ_CHUNK = 4 * 1024 * 1024;

    public RedisConfig {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one Redis address is needed");
        }
        addresses.forEach(RedisConfig::checkAddress);
        if (!cluster && addresses.size() != 1) {
            throw new IllegalArgumentException("a single Redis server takes one address, got " + addresses
                    + " (set cluster for several)");
        }
        if (connectionPoolSize < 1 || connectionMinimumIdleSize < 0 || connectionMinimumIdleSize > connectionPoolSize) {
            throw new IllegalArgumentException("pool size must be ≥ 1 and ≥ the minimum idle size, got "
                    + connectionPoolSize + "/" + connectionMinimumIdleSize);
        }
        requirePositive("operation timeout", operationTimeout);
        requirePositive("connect timeout", connectTimeout);
        requirePositive("key TTL", keyTtl);
        requirePositive("result TTL", resultTtl);
        if (retryAttempts < 0 || retryInterval.isNegative()) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        if (minBandwidthBytesPerSecond <= 0 || readChunkBytes <= 0) {
            throw new IllegalArgumentException("minimum bandwidth and read chunk must be positive");
        }
        if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
            throw new IllegalArgumentException("key prefix must be non-empty and free of braces: " + keyPrefix);
        }
    }

    /** {@code redis://HOST:PORT} or {@code rediss://HOST:PORT}, the port from 1 to 65535. */
    private static void checkAddress(String address) {
        String problem;
        try {
            URI uri = new URI(address);
            boolean scheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
            problem = !scheme || uri.getHost() == null ? "must look like redis://host:port"
                    : uri.getPort() < 1 || uri.getPort() > 65535 ? "needs a port from 1 to 65535" : null;
        } catch (URISyntaxException e) {
            problem = "must look like redis://host:port (" + e.getReason() + ")";
        }
        if (problem != null) {
            throw new IllegalArgumentException("Redis address '" + address + "' " + problem);
        }
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }

    public static RedisConfig single(String address) {
        return new RedisConfig(List.of(address), false, DEFAULT_POOL_SIZE, DEFAULT_MIN_IDLE, DEFAULT_OPERATION_TIMEOUT,
                DEFAULT_OPERATION_TIMEOUT, 1, Duration.ofMillis(100), DEFAULT_KEY_TTL, DEFAULT_RESULT_TTL,
                DEFAULT_MIN_BANDWIDTH, DEFAULT_READ_CHUNK, "ff", null);
    }

    public static RedisConfig cluster(List<String> seedAddresses) {
        return new RedisConfig(seedAddresses, true, DEFAULT_POOL_SIZE, DEFAULT_MIN_IDLE, DEFAULT_OPERATION_TIMEOUT,
                DEFAULT_OPERATION_TIMEOUT, 1, Duration.ofMillis(100), DEFAULT_KEY_TTL, DEFAULT_RESULT_TTL,
                DEFAULT_MIN_BANDWIDTH, DEFAULT_READ_CHUNK, "ff", null);
    }

    /**
     * {@code redis://h:p} → one server; {@code redis://a:1,redis://b:2} → a cluster with those seeds. A password may
     * come in the URL, {@code redis://:PASSWORD@h:p} (the same on every seed): it becomes {@link #password()} and
     * leaves the addresses, so that no message or log line shows it.
     */
    public static RedisConfig parse(String addresses) {
        List<String> list = new java.util.ArrayList<>();
        String password = null;
        for (String address : addresses.trim().split("\\s*,\\s*")) {
            java.util.regex.Matcher m = USER_INFO.matcher(address);
            if (!m.matches()) {
                list.add(address);
                continue;
            }
            if (!m.group(2).isEmpty() && !m.group(2).equals("default")) {
                throw new IllegalArgumentException("Redis address " + m.group(1) + "***@" + m.group(4)
                        + ": a user name is not supported; give only the password: " + m.group(1) + ":PASSWORD@"
                        + m.group(4));
            }
            String given = java.net.URLDecoder.decode(m.group(3), java.nio.charset.StandardCharsets.UTF_8);
            if (password != null && !password.equals(given)) {
                throw new IllegalArgumentException("Redis addresses " + m.group(1) + "***@" + m.group(4)
                        + ": every seed must carry the same password");
            }
            password = given;
            list.add(m.group(1) + m.group(4));
        }
        RedisConfig config = list.size() == 1 ? single(list.get(0)) : cluster(list);
        return password == null || password.isEmpty() ? config : config.withPassword(password);
    }

    /** {@code scheme://[user]:password@rest}: groups scheme+"://", user, password, rest. */
    private static final java.util.regex.Pattern USER_INFO = java.util.regex.Pattern.compile(
            "(rediss?://)([^:@/]*):([^@/]*)@(.+)");

    public RedisConfig withPool(int size, int minimumIdle) {
        return new RedisConfig(addresses, cluster, size, minimumIdle, operationTimeout, connectTimeout, retryAttempts,
                retryInterval, keyTtl, resultTtl, minBandwidthBytesPerSecond, readChunkBytes, keyPrefix, password);
    }

    public RedisConfig withTimeouts(Duration operation, Duration connect, int retries, Duration retryPause) {
        return new RedisConfig(addresses, cluster, connectionPoolSize, connectionMinimumIdleSize, operation, connect,
                retries, retryPause, keyTtl, resultTtl, minBandwidthBytesPerSecond, readChunkBytes, keyPrefix, password);
    }

    public RedisConfig withTtl(Duration keys, Duration results) {
        return new RedisConfig(addresses, cluster, connectionPoolSize, connectionMinimumIdleSize, operationTimeout,
                connectTimeout, retryAttempts, retryInterval, keys, results, minBandwidthBytesPerSecond, readChunkBytes,
                keyPrefix, password);
    }

    public RedisConfig withTransfer(long minBandwidth, int readChunk) {
        return new RedisConfig(addresses, cluster, connectionPoolSize, connectionMinimumIdleSize, operationTimeout,
                connectTimeout, retryAttempts, retryInterval, keyTtl, resultTtl, minBandwidth, readChunk, keyPrefix,
                password);
    }

    public RedisConfig withKeyPrefix(String prefix) {
        return new RedisConfig(addresses, cluster, connectionPoolSize, connectionMinimumIdleSize, operationTimeout,
                connectTimeout, retryAttempts, retryInterval, keyTtl, resultTtl, minBandwidthBytesPerSecond,
                readChunkBytes, prefix, password);
    }

    public RedisConfig withPassword(String secret) {
        return new RedisConfig(addresses, cluster, connectionPoolSize, connectionMinimumIdleSize, operationTimeout,
                connectTimeout, retryAttempts, retryInterval, keyTtl, resultTtl, minBandwidthBytesPerSecond,
                readChunkBytes, keyPrefix, secret);
    }

    /** Deadline of an operation moving {@code bytes}: the base timeout plus the time the slowest allowed link needs. */
    public long deadlineMillis(long bytes) {
        return operationTimeout.toMillis() + (bytes * 1000 + minBandwidthBytesPerSecond - 1) / minBandwidthBytesPerSecond;
    }

    /**
     * How long one attempt of an operation moving {@code bytes} waits for Redis before another attempt starts beside
     * it, and how long a connection may stay silent with a command on it before it is closed
     * ({@code SilentConnectionWatch}, sized for a read range): a third of the base timeout (at least a second) plus
     * the transfer on the slowest allowed link, never more than the operation's deadline. Shorter than the deadline,
     * so that a reply lost on one connection (a connection half-open, or reset unseen, with a command on it) is asked
     * again within the deadline instead of failing the function that waited for it.
     */
    public long attemptTimeoutMillis(long bytes) {
        long transfer = deadlineMillis(bytes) - operationTimeout.toMillis();
        return Math.min(deadlineMillis(bytes), Math.max(1000, operationTimeout.toMillis() / 3) + transfer);
    }

    /** For messages: the address, or the seed list of a cluster. */
    public String describe() {
        return cluster ? "cluster " + String.join(",", addresses) : addresses.get(0);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "RedisConfig[" + describe() + ", pool " + connectionPoolSize + "/" + connectionMinimumIdleSize
                + ", timeout " + operationTimeout.toMillis() + " ms, key TTL " + keyTtl + "]";
    }
}
