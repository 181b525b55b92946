package dev.faasflow.agent;

import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InvocationEndedException;
import dev.faasflow.faastore.NoSuchValueException;
import dev.faasflow.faastore.PutReceipt;
import dev.faasflow.faastore.StoreUnavailableException;
import dev.faasflow.workflow.Destination;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletionException;

/**
 * FaaStore over HTTP for the functions of this node (see docs/FUNCTION_CONTRACT.md). A put of an invocation that
 * has already ended is refused with 410 Gone, naming the invocation: the function sees why its write failed.
 */
final class StoreEndpoint {
    static final String TIER_HEADER = "X-FaaStore-Tier";
    private final FaaStore store;
    private final Context context;

    StoreEndpoint(FaaStore store, Context context) {
        this.store = store;
        this.context = context;
    }

    void get(RoutingContext rc) {
        String invocation = rc.pathParam("invocation");
        String key = rc.pathParam("key");
        boolean local = store.holdsLocally(invocation, key);
        store.getAsync(invocation, key).whenComplete((blob, err) -> EventLoop.run(context, () -> {
            if (err != null) {
                fail(rc, err);
                return;
            }
            // Wrap, do not copy: the stored array is never modified after put.
            rc.response().putHeader("content-type", "application/octet-stream")
                    .putHeader(TIER_HEADER, local ? "local" : "remote")
                    .end(Buffer.buffer(Unpooled.wrappedBuffer(blob.sharedArray())));
        }));
    }

    void put(RoutingContext rc) {
        String invocation = rc.pathParam("invocation");
        String key = rc.pathParam("key");
        Destination destination;
        try {
            destination = Destination.fromLabel(rc.queryParams().get("destination") == null ? "DB"
                    : rc.queryParams().get("destination"));
        } catch (IllegalArgumentException e) {
            rc.response().setStatusCode(400).putHeader("content-type", "application/json").end(Agent.error(e.getMessage()));
            return;
        }
        Blob value = Blob.wrap(rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
        store.putAsync(invocation, key, value, destination).whenComplete((receipt, err) -> EventLoop.run(context, () -> {
            if (err != null) {
                fail(rc, err);
                return;
            }
            rc.response().setStatusCode(204).putHeader(TIER_HEADER, tier(receipt)).end();
        }));
    }

    private static String tier(PutReceipt r) {
        return r.local() && r.remote() ? "both" : r.local() ? "local" : "remote";
    }

    private static void fail(RoutingContext rc, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        int code = cause instanceof NoSuchValueException ? 404
                : cause instanceof InvocationEndedException ? 410
                : cause instanceof StoreUnavailableException ? 503
                : cause instanceof IllegalArgumentException ? 400 : 500;
        rc.response().setStatusCode(code).putHeader("content-type", "application/json")
                .end(Agent.error(String.valueOf(cause.getMessage())));
    }
}
