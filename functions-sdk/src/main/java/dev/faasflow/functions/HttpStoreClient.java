package dev.faasflow.functions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link StoreClient} over the contract's store endpoint ({@code GET/PUT /v1/store/{invocation}/{key}}), on the
 * JDK's {@link HttpClient} (HTTP/1.1, keep-alive connections pooled per endpoint). Bytes given to {@link #put}
 * are sent without copying (see the immutability invariant of {@link StoreClient}).
 */
public final class HttpStoreClient implements StoreClient {
    /** Default time one store call may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient client;
    private final String endpoint;
    private final Duration timeout;
    private final String authorization;

    /** A client with its own connection pool and the default timeout. */
    public HttpStoreClient(String endpoint) {
        this(newHttpClient(), endpoint, DEFAULT_TIMEOUT);
    }

    /** A client over a shared {@link HttpClient} (and its connection pool). */
    public HttpStoreClient(HttpClient client, String endpoint, Duration timeout) {
        this(client, StoreClients.normalize(endpoint), timeout, null);
    }

    private HttpStoreClient(HttpClient client, String endpoint, Duration timeout, String authorization) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = endpoint;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.authorization = authorization;
    }

    /** The same endpoint and connection pool, every call carrying {@code token} as a bearer token. */
    @Override
    public HttpStoreClient withToken(String token) {
        return token == null || token.isEmpty() ? this
                : new HttpStoreClient(client, endpoint, timeout, "Bearer " + token);
    }

    /** An HTTP/1.1 client suited to many concurrent functions talking to one local store. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String endpoint() {
        return endpoint;
    }

    /** The path of a value: {@code /v1/store/{invocation}/{key}} with both segments percent-encoded. */
    public String pathOf(String invocation, String key) {
        return URI.create(endpoint).getRawPath() + "/v1/store/" + encodeSegment(invocation) + "/" + encodeSegment(key);
    }

    private URI uriOf(String invocation, String key, String destination) {
        String query = destination == null ? "" : "?destination=" + encodeSegment(destination);
        return URI.create(endpoint + "/v1/store/" + encodeSegment(invocation) + "/" + encodeSegment(key) + query);
    }

    @Override
    public byte[] get(String invocation, String key) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uriOf(invocation, key, null))).timeout(timeout).GET()
                .build();
        HttpResponse<byte[]> response = send(request, "GET", invocation, key);
        int status = response.statusCode();
        if (status == 200) {
            return response.body() == null ? new byte[0] : response.body();
        }
        if (status == 404) {
            throw new ValueNotFoundException(invocation, key, "store " + endpoint + ": " + errorText(response));
        }
        throw new StoreException("store " + endpoint + " answered " + status + " to GET of key '" + key
                + "' in invocation '" + invocation + "': " + errorText(response));
    }

    @Override
    public void put(String invocation, String key, byte[] value, String destination) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uriOf(invocation, key, destination))).timeout(timeout)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(value)).build();
        HttpResponse<byte[]> response = send(request, "PUT", invocation, key);
        int status = response.statusCode();
        if (status != 204 && status != 200 && status != 201) {
            throw new StoreException("store " + endpoint + " answered " + status + " to PUT of key '" + key
                    + "' in invocation '" + invocation + "': " + errorText(response));
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private HttpResponse<byte[]> send(HttpRequest request, String op, String invocation, String key) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new StoreException("store " + endpoint + ": " + op + " of key '" + key + "' in invocation '"
                    + invocation + "' timed out after " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new StoreException("store " + endpoint + ": " + op + " of key '" + key + "' in invocation '"
                    + invocation + "' failed: cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (IOException e) {
            throw new StoreException("store " + endpoint + ": " + op + " of key '" + key + "' in invocation '"
                    + invocation + "' failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for " + op + " of key '" + key + "'", e);
        }
    }

    private static String errorText(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return "HTTP " + response.statusCode();
        }
        String text = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8);
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
    public String toString() {
        return "HttpStoreClient[" + endpoint + "]";
    }
}
