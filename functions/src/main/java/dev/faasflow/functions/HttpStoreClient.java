package dev.faasflow.functions;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link StoreClient} over the contract's store endpoint ({@code GET/PUT /v1/store/{invocation}/{key}}), on a
 * Vert.x {@link WebClient} with a pooled keep-alive HTTP/1.1 connection pool.
 *
 * <p>The blocking methods wait for the response and must not be called on a Vert.x event-loop thread
 * (they throw {@link IllegalStateException} there); the asynchronous ones may be called anywhere.
 * Bytes given to {@link #put} are sent without copying (see the immutability invariant of {@link StoreClient}).
 */
public final class HttpStoreClient implements StoreClient, AutoCloseable {
    /** Default connections per store endpoint. */
    public static final int DEFAULT_POOL_SIZE = 64;
    /** Default time a blocking call waits for the store. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final WebClient client;
    private final boolean ownsClient;
    private final String endpoint;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final Duration timeout;

    /** A client with its own connection pool of {@link #DEFAULT_POOL_SIZE} connections. */
    public HttpStoreClient(Vertx vertx, String endpoint) {
        this(WebClient.create(vertx, defaultOptions(DEFAULT_POOL_SIZE)), true, endpoint, DEFAULT_TIMEOUT);
    }

    /** A client over a shared {@link WebClient} (not closed by {@link #close()}). */
    public HttpStoreClient(WebClient client, String endpoint, Duration timeout) {
        this(client, false, endpoint, timeout);
    }

    private HttpStoreClient(WebClient client, boolean ownsClient, String endpoint, Duration timeout) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.endpoint = StoreClients.normalize(endpoint);
        URI uri = URI.create(this.endpoint);
        this.ssl = "https".equals(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : (ssl ? 443 : 80);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeout = timeout;
    }

    /** Pool and keep-alive settings suited to many concurrent functions talking to one local store. */
    public static WebClientOptions defaultOptions(int poolSize) {
        return (WebClientOptions) new WebClientOptions()
                .setUserAgent("faasflow-functions")
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setMaxPoolSize(poolSize)
                .setMaxWaitQueueSize(-1)
                .setTcpNoDelay(true)
                .setTryUseCompression(false)
                .setConnectTimeout(10_000);
    }

    public String endpoint() {
        return endpoint;
    }

    /** The path of a value: {@code /v1/store/{invocation}/{key}} with both segments percent-encoded. */
    public String pathOf(String invocation, String key) {
        return basePath + "/v1/store/" + encodeSegment(invocation) + "/" + encodeSegment(key);
    }

    public Future<byte[]> getAsync(String invocation, String key) {
        return client.get(port, host, pathOf(invocation, key)).ssl(ssl).send().map(response -> {
            int status = response.statusCode();
            if (status == 200) {
                Buffer body = response.body();
                return body == null ? new byte[0] : body.getBytes();
            }
            if (status == 404) {
                throw new ValueNotFoundException(invocation, key, "store " + endpoint + ": " + errorText(response));
            }
            throw new StoreException("store " + endpoint + " answered " + status + " to GET of key '" + key
                    + "' in invocation '" + invocation + "': " + errorText(response));
        });
    }

    public Future<Void> putAsync(String invocation, String key, byte[] value, String destination) {
        var request = client.put(port, host, pathOf(invocation, key)).ssl(ssl)
                .putHeader("Content-Type", "application/octet-stream");
        if (destination != null) {
            request.addQueryParam("destination", destination);
        }
        // Wrapping, not copying: the value is immutable once put.
        Buffer body = Buffer.buffer(Unpooled.wrappedBuffer(value));
        return request.sendBuffer(body).map(response -> {
            int status = response.statusCode();
            if (status == 204 || status == 200 || status == 201) {
                return null;
            }
            throw new StoreException("store " + endpoint + " answered " + status + " to PUT of key '" + key
                    + "' in invocation '" + invocation + "': " + errorText(response));
        });
    }

    @Override
    public byte[] get(String invocation, String key) {
        checkNotEventLoop();
        return await(getAsync(invocation, key), "GET", invocation, key);
    }

    @Override
    public void put(String invocation, String key, byte[] value, String destination) {
        checkNotEventLoop();
        await(putAsync(invocation, key, value, destination), "PUT", invocation, key);
    }

    private <T> T await(Future<T> future, String op, String invocation, String key) {
        CompletableFuture<T> cf = future.toCompletionStage().toCompletableFuture();
        try {
            return cf.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("store " + endpoint + ": " + op + " of key '" + key + "' in invocation '"
                    + invocation + "' failed: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()), cause);
        } catch (TimeoutException e) {
            cf.cancel(true);
            throw new StoreException("store " + endpoint + ": " + op + " of key '" + key + "' in invocation '"
                    + invocation + "' timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for " + op + " of key '" + key + "'", e);
        }
    }

    private static void checkNotEventLoop() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("blocking store call on a Vert.x event-loop thread; "
                    + "use getAsync/putAsync there or run the function on a worker thread");
        }
    }

    private static String errorText(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return "HTTP " + response.statusCode();
        }
        String text = body.getString(0, Math.min(body.length(), 500), StandardCharsets.UTF_8.name());
        try {
            var node = Json.MAPPER.readTree(text);
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (Exception ignored) {
            // not JSON: use the text as it is
        }
        return text;
    }

    /** Percent-encodes one path segment (everything but RFC 3986 unreserved characters). */
    public static String encodeSegment(String segment) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "HttpStoreClient[" + endpoint + "]";
    }
}
