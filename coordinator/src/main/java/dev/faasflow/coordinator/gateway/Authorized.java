package dev.faasflow.coordinator.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The route handler that puts a {@link GatewayAuth} in front of routes (the gateway's, the console's): it lets a call
 * through when the authority allows what {@code access} makes of it, else answers 401 (with a {@code WWW-Authenticate}
 * challenge), 403 or 503 and the reason as {@code {"error": ...}}. The decision is a future, so the event loop never
 * waits; a body that arrives meanwhile waits, paused, and is resumed once the decision is in.
 */
public final class Authorized {
    private Authorized() {
    }

    public static PlatformHandler by(GatewayAuth auth, Function<RoutingContext, GatewayAuth.Access> access) {
        return rc -> {
            Context context = Vertx.currentContext();
            boolean body = rc.request().method() == HttpMethod.POST || rc.request().method() == HttpMethod.PUT;
            if (body) {
                rc.request().pause();
            }
            GatewayAuth.Access asked = access.apply(rc);
            CompletionStage<GatewayAuth.Decision> decided;
            try {
                decided = auth.authorize(rc.request().getHeader("Authorization"), asked);
            } catch (RuntimeException e) {
                decided = CompletableFuture.failedFuture(e);
            }
            decided.whenComplete((decision, failure) -> context.runOnContext(v -> {
                // Resumed either way: what arrived meanwhile is delivered on a later turn of the event loop, once the
                // body handler listens (or, refused or too large, read and dropped so the connection stays usable).
                if (body) {
                    rc.request().resume();
                }
                if (failure == null && decision.allowed()) {
                    rc.next();
                    return;
                }
                Throwable err = failure == null ? null : dev.faasflow.faastore.Futures.unwrap(failure);
                int status = err != null || decision.status() == 503 ? 503 : decision.status();
                String message = status == 503 ? "cannot check who may " + asked.verb() + " invocations now: "
                        + (err != null ? String.valueOf(err.getMessage()) : decision.reason()) : decision.reason();
                if (rc.response().ended()) {
                    return;
                }
                if (status == 401) {
                    rc.response().putHeader("www-authenticate", "Bearer realm=\"faasflow\"");
                }
                rc.response().setStatusCode(status).putHeader("content-type", "application/json")
                        .end(JsonNodeFactory.instance.objectNode().put("error", message).toString());
            }));
        };
    }
}
