package dev.faasflow.coordinator.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gateway API keys, for clients outside the cluster (and the embedded engine's one generated key): a bearer token
 * that is one of the keys may do everything. Any other bearer token goes to the next authority (on Kubernetes, the
 * TokenReview of a ServiceAccount token), or is refused when there is none.
 */
public final class ApiKeys implements GatewayAuth {
    /** The environment variable the keys come from: one per line (or comma-separated). */
    public static final String ENV = "FAASFLOW_GATEWAY_API_KEYS";
    public static final int MIN_LENGTH = 32;

    private final List<byte[]> keys;
    private final GatewayAuth next;

    private ApiKeys(List<byte[]> keys, GatewayAuth next) {
        this.keys = keys;
        this.next = next;
    }

    /**
     * The keys in {@code text} (blank: none), then {@code next} for other tokens (null: refuse them).
     *
     * @throws IllegalArgumentException naming the key (by its position) that is too short or not printable
     */
    public static ApiKeys parse(String text, GatewayAuth next) {
        List<byte[]> keys = new ArrayList<>();
        if (text != null) {
            int position = 0;
            for (String key : text.split("[\\n,]")) {
                String k = key.strip();
                if (k.isEmpty()) {
                    continue;
                }
                position++;
                if (k.length() < MIN_LENGTH || !k.chars().allMatch(c -> c > 32 && c < 127)) {
                    throw new IllegalArgumentException(ENV + ": API key " + position + " must be at least " + MIN_LENGTH
                            + " printable characters without spaces, got " + k.length() + " characters");
                }
                keys.add(k.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new ApiKeys(List.copyOf(keys), next);
    }

    /** A new random key (256 bits), as the embedded engine makes one per run. */
    public static String generate() {
        return dev.faasflow.agent.auth.ClusterKey.generate().secret(); // the same kind of secret: one generator
    }

    public int size() {
        return keys.size();
    }

    @Override
    public CompletionStage<Decision> authorize(String authorization, Access access) {
        String token = GatewayAuth.bearer(authorization);
        if (token == null) {
            return CompletableFuture.completedFuture(Decision.unauthenticated("the gateway needs a bearer token"
                    + (next == null ? " (Authorization: Bearer <API key>)"
                    : " (Authorization: Bearer <ServiceAccount token or API key>)")));
        }
        if (holds(token)) {
            return CompletableFuture.completedFuture(Decision.allow("api-key"));
        }
        return next != null ? next.authorize(authorization, access)
                : CompletableFuture.completedFuture(Decision.unauthenticated("not a valid API key"));
    }

    /** Whether {@code token} is one of the keys; compares with every key in constant time. */
    private boolean holds(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] key : keys) {
            found |= MessageDigest.isEqual(key, given);
        }
        return found;
    }

    @Override
    public String toString() {
        return "ApiKeys[" + keys.size() + (next == null ? "" : ", then " + next) + "]";
    }
}
