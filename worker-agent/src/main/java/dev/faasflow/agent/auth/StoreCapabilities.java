package dev.faasflow.agent.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The per-invocation tokens of one node's store endpoint: with each run request a function gets a token that lets it
 * read and write only its own invocation's keys, and only on the node whose agent gave it. A token is the HMAC-SHA256
 * of the invocation id under a key derived from the cluster key and the node's name, so any agent of the
 * installation (a restarted one too) checks it without keeping state, and a token of one node is worth nothing on
 * another. Without a cluster key there are no tokens and every store call is accepted, as every control call is.
 */
public final class StoreCapabilities {
    /** The header a function sends its token in: {@code Authorization: Bearer <token>}. */
    public static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";
    private static final String ALGORITHM = "HmacSHA256";
    private static final StoreCapabilities NONE = new StoreCapabilities(null);

    private final SecretKeySpec nodeKey;
    // A Mac is not thread-safe; event loops and worker threads each get their own.
    private final ThreadLocal<Mac> macs;

    private StoreCapabilities(byte[] nodeKey) {
        this.nodeKey = nodeKey == null ? null : new SecretKeySpec(nodeKey, ALGORITHM);
        this.macs = nodeKey == null ? null : ThreadLocal.withInitial(() -> newMac(this.nodeKey));
    }

    /** No tokens: every store call is accepted (no cluster key). */
    public static StoreCapabilities none() {
        return NONE;
    }

    /** The tokens of {@code node}'s store in the installation that shares {@code clusterKey}. */
    public static StoreCapabilities of(ClusterKey clusterKey, String node) {
        if (!clusterKey.enabled()) {
            return NONE;
        }
        byte[] secret = clusterKey.secret().getBytes(StandardCharsets.UTF_8);
        return new StoreCapabilities(hmac(new SecretKeySpec(secret, ALGORITHM), "faastore-node:" + node));
    }

    public boolean enabled() {
        return nodeKey != null;
    }

    /** The token for {@code invocation}'s keys on this node's store, or null when tokens are off. */
    public String tokenFor(String invocation) {
        if (nodeKey == null) {
            return null;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sign(invocation));
    }

    /** What an {@code Authorization} header is worth for {@code invocation}'s keys. */
    public Verdict check(String authorization, String invocation) {
        if (nodeKey == null) {
            return Verdict.GRANTED;
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return Verdict.MISSING;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(authorization.substring(BEARER.length()).strip());
        } catch (IllegalArgumentException e) {
            return Verdict.OTHER_INVOCATION;
        }
        return MessageDigest.isEqual(sign(invocation), given) ? Verdict.GRANTED : Verdict.OTHER_INVOCATION;
    }

    /**
     * A handler for the store routes (with an {@code :invocation} path parameter) that lets a call through only with
     * that invocation's token: 401 without one, 403 with another's. A platform handler, so a refused PUT's body is
     * never read.
     */
    public PlatformHandler guard() {
        return rc -> {
            String invocation = rc.pathParam("invocation");
            switch (check(rc.request().getHeader(AUTHORIZATION), invocation)) {
                case GRANTED -> rc.next();
                case MISSING -> refuse(rc, 401, "a store call needs the invocation's store token (Authorization: "
                        + "Bearer <storeToken of the run request>)");
                case OTHER_INVOCATION -> refuse(rc, 403, "this store token does not grant invocation '"
                        + invocation + "' on this node");
            }
        };
    }

    private static void refuse(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(JsonObject.of("error", message).encode());
    }

    private byte[] sign(String invocation) {
        return macs.get().doFinal(invocation.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        return newMac(key).doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The outcome of a check. */
    public enum Verdict { GRANTED, MISSING, OTHER_INVOCATION }

    @Override
    public String toString() {
        return nodeKey == null ? "StoreCapabilities[off]" : "StoreCapabilities[on]";
    }
}
