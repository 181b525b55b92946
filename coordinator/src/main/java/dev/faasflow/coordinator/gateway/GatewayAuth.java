package dev.faasflow.coordinator.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who may call the gateway, and for what: each call's {@code Authorization} header and what it asks to do go in, a
 * {@link Decision} comes out. The decision may take a network call (a TokenReview), so it is a future, never a
 * blocking call on the event loop that asks.
 */
@FunctionalInterface
public interface GatewayAuth {

    CompletionStage<Decision> authorize(String authorization, Access access);

    /** What a call wants: a verb (create, get, delete) on the invocations of a namespace. */
    record Access(String namespace, String verb) {
        /** The resource every gateway call is about, as RBAC names it. */
        public static final String RESOURCE = "invocations";
        public static final String GROUP = "faasflow.dev";
    }

    /**
     * The answer: allowed, with who the caller is; or refused with a status (401 not authenticated, 403 not
     * allowed, 503 the authority could not be asked) and a reason for the caller.
     */
    record Decision(boolean allowed, int status, String user, String reason) {
        public static Decision allow(String user) {
            return new Decision(true, 200, user, null);
        }

        public static Decision unauthenticated(String reason) {
            return new Decision(false, 401, null, reason);
        }

        public static Decision forbidden(String user, String reason) {
            return new Decision(false, 403, user, reason);
        }

        public static Decision unavailable(String reason) {
            return new Decision(false, 503, null, reason);
        }
    }

    /** Everyone may do everything: for tests and installations that turn authentication off on purpose. */
    static GatewayAuth open() {
        return (authorization, access) -> CompletableFuture.completedFuture(Decision.allow("anonymous"));
    }

    /** The bearer token of an {@code Authorization} header, or null when it carries none. */
    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
