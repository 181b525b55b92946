package dev.faasflow.coordinator;

import dev.faasflow.agent.protocol.Json;
import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.InvocationRecord;
import dev.faasflow.faastore.InvocationRecords;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.RetryPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's side of the durable invocation records ({@link InvocationRecords}, in the remote tier): what
 * it writes of an invocation and when — at admission, when it begins, for each sink and the first failure, and at
 * the end — and how it reads them back. Every future completes on the coordinator's event loop.
 */
final class Records {
    private static final Logger LOG = LoggerFactory.getLogger(Records.class);

    private final InvocationRecords store;
    private final Context context;
    private final Duration keepEnded;

    /** @param keepEnded how long an ended invocation's record (its result) stays, as its results do */
    Records(InvocationRecords store, Context context, Duration keepEnded) {
        this.store = store;
        this.context = context;
        this.keepEnded = keepEnded;
    }

    /** Writes the whole record as it stands: at admission (Pending) and when it begins (Running). */
    Future<Void> put(Running r) {
        return r.write(() -> here(store.put(r.id(), r.phase, r.context.deadlineEpochMillis(), body(r)), r, "record"));
    }

    Future<Void> sink(Running r, String sink) {
        return r.write(() -> here(store.addSink(r.id(), sink), r, "record sink " + sink + " of"));
    }

    Future<Void> failure(Running r, String function, String message) {
        return r.write(() -> here(store.fail(r.id(), function, message).thenApply(won -> null), r, "record the failure of"));
    }

    /** The invocation is over: its result (and what a retry would start from) replaces the open record. */
    Future<Void> end(Running r, InvocationResult result, Kept kept) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(new EndedInvocation(result, kept));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        return r.write(() -> here(store.end(r.id(), result.phase(), json, keepEnded), r, "record the end of"));
    }

    Future<Void> forget(String id) {
        return here(store.forget(id), null, "forget the record of invocation " + id);
    }

    Future<Optional<InvocationRecord>> get(String id) {
        return here(store.get(id), null, null);
    }

    Future<List<String>> open() {
        return here(store.open(), null, null);
    }

    /** The body of a record: what {@link StoredInvocation} keeps of the invocation. */
    static StoredInvocation stored(InvocationRecord record) throws Exception {
        return Json.MAPPER.readValue(record.body(), StoredInvocation.class);
    }

    /** How an ended record ended, or null when it has no result (it never ended, or its result is unreadable). */
    static EndedInvocation ended(InvocationRecord record) {
        if (record.result() == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(record.result(), EndedInvocation.class);
        } catch (Exception e) {
            LOG.warn("the record of invocation {} has an unreadable result: {}", record.id(), e.getMessage());
            return null;
        }
    }

    private static String body(Running r) {
        RetryPolicy defaults = r.deployed == null ? null : r.deployed.deployment().workflow().defaultRetry();
        StoredInvocation s = new StoredInvocation(r.startedAtMillis, r.runningSinceMillis, r.context, r.options, r.plan,
                defaults != null && defaults.limit() > 0);
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the record of invocation " + r.id() + ": " + e.getMessage(), e);
        }
    }

    /** Back on the event loop; a failed write is logged once per invocation (the invocation itself carries on). */
    private <T> Future<T> here(CompletableFuture<T> stage, Running r, String what) {
        Promise<T> p = Promise.promise();
        stage.whenComplete((value, err) -> context.runOnContext(v -> {
            if (err == null) {
                p.complete(value);
                return;
            }
            Throwable cause = Futures.unwrap(err);
            if (what != null) {
                LOG.warn("could not {}: {}", r == null ? what : what + " invocation " + r.id(), cause.getMessage());
            }
            p.fail(cause);
        }));
        return p.future();
    }
}
