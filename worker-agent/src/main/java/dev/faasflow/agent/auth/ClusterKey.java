package dev.faasflow.agent.auth;

import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.client.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The secret that the components of one installation (operator, coordinator, agents) share, so that each accepts
 * control calls only from the others: every call carries it as a bearer token, and the receiver compares it in
 * constant time, answering 401 before it reads the body. Function code never sees it (calls to function runtimes do
 * not carry it). On Kubernetes it comes from a Secret the chart generates once; embedded, one is generated per run.
 * A bearer token and not a signature, because a check must cost nothing next to a 70 µs trigger and a signature
 * would hash every stored value; the NetworkPolicies keep the pod network's eavesdroppers out.
 */
public final class ClusterKey {
    /** The environment variable the mains read it from. */
    public static final String ENV = "FAASFLOW_CLUSTER_KEY";
    public static final int MIN_LENGTH = 32;
    private static final String AUTHORIZATION = "Authorization";
    private static final ClusterKey NONE = new ClusterKey(null);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;
    private final String header;
    private final byte[] headerBytes;

    private ClusterKey(String secret) {
        this.secret = secret;
        this.header = secret == null ? null : "Bearer " + secret;
        this.headerBytes = header == null ? null : header.getBytes(StandardCharsets.UTF_8);
    }

    /** No key: every call is accepted. For libraries and tests that are not about authentication. */
    public static ClusterKey none() {
        return NONE;
    }

    public static ClusterKey of(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the cluster key must be at least " + MIN_LENGTH + " characters long, got "
                    + (secret == null ? "none" : secret.strip().length()));
        }
        if (!secret.strip().chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("the cluster key must be printable ASCII without spaces");
        }
        return new ClusterKey(secret.strip());
    }

    /** A new random key (256 bits). */
    public static ClusterKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ClusterKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The key in {@value #ENV}; its absence is an error that says where it comes from. */
    public static ClusterKey fromEnvironment(Map<String, String> env) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(ENV + " is not set: every component of an installation needs the same"
                    + " cluster key (the chart takes it from the Secret <release>-cluster-key)");
        }
        return of(value);
    }

    public boolean enabled() {
        return secret != null;
    }

    /** The secret itself, to hand to a child process; never log it. */
    public String secret() {
        return secret;
    }

    /** The request, carrying the key. */
    public <T> HttpRequest<T> sign(HttpRequest<T> request) {
        return header == null ? request : request.putHeader(AUTHORIZATION, header);
    }

    /** Whether an {@code Authorization} header value carries the key. */
    public boolean accepts(String authorization) {
        if (header == null) {
            return true;
        }
        return authorization != null
                && MessageDigest.isEqual(headerBytes, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A route handler that lets a call through only with the key, else answers 401 and ends it. A platform handler, so
     * that it runs before a body handler reads a body it would refuse.
     */
    public PlatformHandler guard() {
        return rc -> {
            if (accepts(rc.request().getHeader(AUTHORIZATION))) {
                rc.next();
                return;
            }
            boolean none = rc.request().getHeader(AUTHORIZATION) == null;
            rc.response().setStatusCode(401).putHeader("content-type", "application/json")
                    .putHeader("www-authenticate", "Bearer realm=\"faasflow\"")
                    .end("{\"error\":\"" + (none ? "this call needs the cluster key (Authorization: Bearer ...)"
                            : "wrong cluster key") + "\"}");
        };
    }

    @Override
    public String toString() {
        return secret == null ? "ClusterKey[none]" : "ClusterKey[set]";
    }
}
