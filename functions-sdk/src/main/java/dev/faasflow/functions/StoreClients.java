package dev.faasflow.functions;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Chooses the {@link StoreClient} for a run request's store endpoint.
 *
 * <p>Statically, a JVM-wide registry of <b>in-process</b> store clients by endpoint URL: a launcher that runs
 * the function runtime inside the agent's JVM registers the agent's store under the very URL it puts in run
 * requests, and the SDK then reads and writes that store directly (same semantics, no HTTP, no copy).
 *
 * <p>An instance resolves an endpoint to the in-process client when one is registered and otherwise to a
 * cached {@link HttpStoreClient} for that endpoint, all sharing one JDK {@link HttpClient} (and its pool of
 * keep-alive connections).
 */
public final class StoreClients implements AutoCloseable {
    private static final ConcurrentMap<String, StoreClient> IN_PROCESS = new ConcurrentHashMap<>();

    private final HttpClient httpClient = HttpStoreClient.newHttpClient();
    private final Duration timeout;
    private final ConcurrentMap<String, HttpStoreClient> http = new ConcurrentHashMap<>();

    /** A resolver whose HTTP store calls may take {@code timeout} each. */
    public StoreClients(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** The in-process client registered for {@code endpoint}, else the HTTP client for it. */
    public StoreClient forEndpoint(String endpoint) {
        String key = normalize(endpoint);
        StoreClient local = IN_PROCESS.get(key);
        if (local != null) {
            return local;
        }
        return http.computeIfAbsent(key, e -> new HttpStoreClient(httpClient, e, timeout));
    }

    /** Forgets the HTTP clients (their idle connections close with the JDK client once it is unreachable). */
    @Override
    public void close() {
        http.clear();
    }

    // ------------------------------------------------------------------ the in-process registry

    /** Undoes one {@link #registerInProcess} registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Serves {@code endpoint} in-process with {@code client} from now on (replacing an earlier registration
     * for the same endpoint). The client must follow the {@link StoreClient} contract: thread-safe, callable
     * from worker threads, {@link ValueNotFoundException} for missing values, no copies required.
     *
     * @return a handle whose {@code close()} removes this registration (and nothing registered later)
     */
    public static Registration registerInProcess(String endpoint, StoreClient client) {
        Objects.requireNonNull(client, "client");
        String key = normalize(endpoint);
        IN_PROCESS.put(key, client);
        return () -> IN_PROCESS.remove(key, client);
    }

    /** Removes whatever is registered for {@code endpoint}; true if something was. */
    public static boolean unregisterInProcess(String endpoint) {
        return IN_PROCESS.remove(normalize(endpoint)) != null;
    }

    /** The in-process client registered for {@code endpoint}, or null. */
    public static StoreClient inProcess(String endpoint) {
        return IN_PROCESS.get(normalize(endpoint));
    }

    /**
     * The canonical form of an endpoint URL used as the registry key: lower-case scheme and host, explicit
     * port, no trailing slash, no query. {@code http://LocalHost:80/} → {@code http://localhost:80}.
     *
     * @throws IllegalArgumentException when it is not an absolute http(s) URL with a host
     */
    public static String normalize(String endpoint) {
        Objects.requireNonNull(endpoint, "store endpoint");
        URI uri;
        try {
            uri = URI.create(endpoint.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store endpoint is not a URL: '" + endpoint + "'", e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("store endpoint must be an http(s) URL: '" + endpoint + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("store endpoint has no host: '" + endpoint + "'");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port + path;
    }
}
