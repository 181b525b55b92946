package dev.faasflow.faastore;

import dev.faasflow.workflow.InvocationPhase;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator's durable invocation records, kept beside the data in the remote tier (Redis: a hash per
 * invocation, a set of the sinks it reported, and one sorted set of the open invocations by deadline; the
 * in-process stand-in: maps). Each write is one round trip (pipelined). Like every remote-tier call these never
 * block and fail with {@link StoreUnavailableException} within a bounded time.
 */
public interface InvocationRecords {

    /**
     * Writes (or rewrites) the record's phase, deadline and body. An unfinished invocation is listed as open; an
     * open record expires some time after its deadline, so one that no coordinator ever recovers cannot pile up.
     */
    CompletableFuture<Void> put(String id, InvocationPhase phase, long deadlineEpochMillis, String body);

    /** Notes that a sink reported (done or skipped); reporting one twice changes nothing, nor does one without a record. */
    CompletableFuture<Void> addSink(String id, String sink);

    /** Notes a failure unless one is noted already: true when this one is the first (it wins). */
    CompletableFuture<Boolean> fail(String id, String function, String reason);

    /** The invocation is over: its final phase and result; no longer open; the record expires after {@code keep}. */
    CompletableFuture<Void> end(String id, InvocationPhase phase, String result, Duration keep);

    /** The record, or empty when there is none (never written, forgotten or expired). */
    CompletableFuture<Optional<InvocationRecord>> get(String id);

    /** The ids of the open (unfinished) invocations, earliest deadline first. */
    CompletableFuture<List<String>> open();

    /** Drops the record. */
    CompletableFuture<Void> forget(String id);
}
