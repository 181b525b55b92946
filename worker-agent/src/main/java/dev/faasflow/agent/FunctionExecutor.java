package dev.faasflow.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.auth.StoreCapabilities;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Outcome;
import dev.faasflow.contract.RunResponse;
import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.NoSuchValueException;
import dev.faasflow.workflow.Condition;
import dev.faasflow.workflow.ConditionSyntaxException;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.NextType;
import dev.faasflow.workflow.RetryPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs one function of an invocation on this node, whatever the control mode: a regular function through
 * its runtime (N instances for a foreach), a virtual node by evaluating its switch, END at once. Every
 * instance of a regular function first waits for its slots in the node's {@link SlotScheduler} and for an
 * instance of its warm {@link FunctionPool}; switches and END cost no slot. Runs on the agent's event loop
 * and never blocks it.
 */
final class FunctionExecutor {
    private final Vertx vertx;
    private final Context context;
    private final AgentConfig config;
    private final FaaStore store;
    private final FunctionEndpoints endpoints;
    private final FunctionTransport transport;
    private final String storeUrl;
    private final Map<String, FunctionPool> pools = new HashMap<>();
    private final SlotScheduler scheduler;
    private final Map<String, Condition> conditions = new HashMap<>();
    final LatencyRecorder triggerLatency = new LatencyRecorder(100_000);
    final LongAdder executions = new LongAdder();
    /** Attempts started again after a failed one. */
    final LongAdder retries = new LongAdder();

    private final AgentMetrics metrics;
    private final StoreCapabilities capabilities;

    FunctionExecutor(Vertx vertx, Context context, AgentConfig config, FaaStore store, FunctionEndpoints endpoints,
                     FunctionTransport transport, String storeUrl, StoreCapabilities capabilities, AgentMetrics metrics) {
        this.metrics = metrics;
        this.capabilities = capabilities;
        this.vertx = vertx;
        this.context = context;
        this.config = config;
        this.store = store;
        this.endpoints = endpoints;
        this.transport = transport;
        this.storeUrl = storeUrl;
        this.scheduler = new SlotScheduler(vertx, config.slots());
    }

    /**
     * @param readySinceNanos when the function became runnable here (its last local predecessor ended), or
     *                        0 if it was triggered from elsewhere: the trigger latency is measured from it
     */
    Future<Outcome> execute(InvocationContext ctx, Deployment d, String function, Map<String, Integer> widths,
                            long readySinceNanos) {
        FunctionDef def = d.workflow().function(function);
        List<String> successors = d.workflow().successorNames(function);
        switch (def.kind()) {
            case VIRTUAL:
                return def.next().type() == NextType.SWITCH ? evaluateSwitch(ctx, def)
                        : Future.succeededFuture(done(function, successors, null, List.of()));
            case END:
                return Future.succeededFuture(done(function, successors, null, List.of()));
            default:
                break;
        }
        if (d.workflow().isForeach(function)) {
            return runForeach(ctx, d, def, widths, readySinceNanos, successors);
        }
        return runInstance(ctx, d, def, widths, null, null, null, readySinceNanos)
                .map(records -> done(function, successors, null, records))
                .recover(err -> Future.succeededFuture(failed(function, err)));
    }

    private static Outcome done(String function, List<String> taken, Integer width, List<FunctionRecord> records) {
        return new Outcome(function, true, taken, List.of(), width, null, records);
    }

    private static Outcome failed(String function, Throwable err) {
        return err instanceof AttemptsFailed attempts ? Outcome.failed(function, attempts.getMessage(), attempts.records)
                : Outcome.failed(function, err.getMessage());
    }

    private Future<Outcome> runForeach(InvocationContext ctx, Deployment d, FunctionDef def, Map<String, Integer> widths,
                                       long readySinceNanos, List<String> successors) {
        DataSpec keyInput = def.foreachKeyInput().orElseThrow();
        return fromStage(store.getListAsync(ctx.id(), keyInput.key())).recover(err -> Future.failedFuture(
                new IllegalStateException(describe(def.name(), keyInput, err), err))).compose(elements -> {
            List<Future<List<FunctionRecord>>> runs = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                runs.add(runInstance(ctx, d, def, widths, i, elements.size(), elements.get(i), readySinceNanos));
            }
            return Future.all(runs).map(all -> {
                List<FunctionRecord> records = new ArrayList<>(runs.size());
                runs.forEach(r -> records.addAll(r.result()));
                return done(def.name(), successors, elements.size(), records);
            });
        }).recover(err -> Future.succeededFuture(failed(def.name(), err)));
    }

    private static String describe(String function, DataSpec keyInput, Throwable err) {
        if (err instanceof NoSuchValueException || err.getCause() instanceof NoSuchValueException) {
            return "foreach list '" + keyInput.key() + "' of " + function + " was never written";
        }
        return err.getMessage();
    }

    /**
     * Runs one instance until an attempt succeeds or the function's retry policy gives up: a function error, a
     * timeout (the function's {@code timeout_seconds}, else the agent's) or an unreachable endpoint is tried again on
     * this node after its backoff (a timer on the event loop, no thread waits), with its inputs still in node memory
     * or the remote tier. Completes with the record of every attempt, the successful one last; fails with
     * {@link AttemptsFailed} naming the attempts and the last reason.
     */
    private Future<List<FunctionRecord>> runInstance(InvocationContext ctx, Deployment d, FunctionDef def,
                                                     Map<String, Integer> widths, Integer instance, Integer instances,
                                                     JsonNode element, long readySinceNanos) {
        RetryPolicy policy = d.workflow().retryOf(def.name());
        long timeoutMillis = d.workflow().timeoutMillisOf(def.name(), config.functionTimeoutMillis());
        String label = def.name() + (instance == null ? "" : " (instance " + instance + ")");
        Promise<List<FunctionRecord>> result = Promise.promise();
        attempt(ctx, d, def, widths, instance, instances, element, readySinceNanos, timeoutMillis, policy, label, 1,
                new ArrayList<>(), result);
        return result.future();
    }

    private void attempt(InvocationContext ctx, Deployment d, FunctionDef def, Map<String, Integer> widths,
                         Integer instance, Integer instances, JsonNode element, long readySinceNanos, long timeoutMillis,
                         RetryPolicy policy, String label, int attempt, List<FunctionRecord> records,
                         Promise<List<FunctionRecord>> result) {
        long startedMicros = System.currentTimeMillis() * 1000;
        long startNanos = System.nanoTime();
        runOnce(ctx, d, def, widths, instance, instances, element, attempt == 1 ? readySinceNanos : 0, timeoutMillis, attempt)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        records.add(ar.result());
                        metrics.attempt(ctx.workflow(), ar.result());
                        result.complete(records);
                        return;
                    }
                    Throwable err = ar.cause();
                    String reason = reason(err);
                    FunctionRecord failed = new FunctionRecord(def.name(), config.node(), instance,
                            (System.nanoTime() - startNanos) / 1e6, 0, 0, 0, false, startedMicros,
                            System.currentTimeMillis() * 1000, 0, attempt, reason);
                    records.add(failed);
                    metrics.attempt(ctx.workflow(), failed);
                    if (err instanceof NotStarted) {
                        // Its invocation ended on this node: nothing to retry, and the reason says it all.
                        result.fail(new AttemptsFailed(err.getMessage(), records));
                        return;
                    }
                    boolean retriable = err instanceof FunctionTransport.FunctionCallException;
                    long pause = policy.backoffMillisBefore(attempt + 1);
                    boolean anotherFits = System.currentTimeMillis() + pause < ctx.deadlineEpochMillis();
                    if (!retriable || attempt >= policy.maxAttempts() || !anotherFits) {
                        String message = attempt == 1 && (!retriable || policy.limit() == 0)
                                ? label + " " + reason
                                : label + " failed after " + attempt + (attempt == 1 ? " attempt" : " attempts")
                                + (attempt >= policy.maxAttempts() ? " (retry.limit " + policy.limit() + ")"
                                : " (no time for another before the invocation's deadline)")
                                + "; the last one " + reason;
                        result.fail(new AttemptsFailed(message, records));
                        return;
                    }
                    retries.increment();
                    vertx.setTimer(Math.max(1, pause), t -> attempt(ctx, d, def, widths, instance, instances, element,
                            0, timeoutMillis, policy, label, attempt + 1, records, result));
                });
    }

    /**
     * One attempt: the instance's slots in the node's scheduler and a warm-pool instance, the run request to the
     * runtime, the record of how it went. Fails with {@link NotStarted} when its invocation ended here first.
     */
    private Future<FunctionRecord> runOnce(InvocationContext ctx, Deployment d, FunctionDef def,
                                           Map<String, Integer> widths, Integer instance, Integer instances,
                                           JsonNode element, long readySinceNanos, long timeoutMillis, int attempt) {
        FunctionPool pool = pools.computeIfAbsent(d.name() + "/" + def.name(), k -> new FunctionPool(k,
                d.workflow().maxContainers(), config.idleEvictionMillis()));
        String label = def.name() + (instance == null ? "" : " (instance " + instance + ")");
        long remainingNanos = Math.round(d.remainingSeconds(def.name()) * ctx.timeScale() * 1e9);
        return scheduler.acquire(ctx.id(), ctx.deadlineEpochMillis(), pool, def.scale(), remainingNanos)
                .recover(err -> Future.failedFuture(err instanceof SlotScheduler.EndedException
                        ? new NotStarted(label + " did not start: " + err.getMessage()) : err))
                .compose(ticket -> {
                    if (!ticket.cold() && !ticket.waited() && readySinceNanos > 0) {
                        long nanos = System.nanoTime() - readySinceNanos;
                        triggerLatency.record(nanos);
                        metrics.trigger(d.name(), nanos);
                    }
                    if (!ticket.cold() || config.coldStartMillis() <= 0) {
                        return call(ctx, d, def, widths, instance, instances, element, label, ticket, timeoutMillis,
                                attempt);
                    }
                    Promise<Void> started = Promise.promise();
                    vertx.setTimer(config.coldStartMillis(), t -> started.complete());
                    return started.future().compose(v -> call(ctx, d, def, widths, instance, instances, element, label,
                            ticket, timeoutMillis, attempt));
                });
    }

    /** Sends the run request of an instance that holds its slots; the slots go back when the runtime answers. */
    private Future<FunctionRecord> call(InvocationContext ctx, Deployment d, FunctionDef def, Map<String, Integer> widths,
                                        Integer instance, Integer instances, JsonNode element, String label,
                                        SlotScheduler.Ticket ticket, long timeoutMillis, int attempt) {
        if (ticket.abandoned()) {
            scheduler.release(ticket);
            return Future.failedFuture(abandoned(label, ctx, ticket));
        }
        executions.increment();
        RunRequests.Builder request = RunRequests.of(d, def.name()).invocation(ctx.id()).store(storeUrl)
                .storeToken(capabilities.tokenFor(ctx.id()))
                .destination(d.planOf(def.name()).destination().label()).timeScale(ctx.timeScale())
                .input(ctx.input()).foreachWidths(widths);
        if (instance != null) {
            request.foreach(instance, instances, element);
        }
        Promise<FunctionRecord> result = Promise.promise();
        transport.run(endpoints.baseUrl(d.name(), def.name()), request.build(), timeoutMillis)
                .onComplete(ar -> EventLoop.run(context, () -> {
                    // An abandoned instance is recycled here and its answer, whatever it is, ignored.
                    boolean abandoned = ticket.abandoned();
                    scheduler.release(ticket);
                    if (abandoned) {
                        result.fail(abandoned(label, ctx, ticket));
                        return;
                    }
                    if (ar.failed()) {
                        result.fail(ar.cause());
                        return;
                    }
                    RunResponse r = ar.result();
                    result.complete(new FunctionRecord(def.name(), config.node(), instance, r.durationMs(),
                            r.dataMs(), r.bytesRead(), r.bytesWritten(), ticket.cold(), r.startedAtMicros(),
                            r.endedAtMicros(), ticket.queuedMs(), attempt, null));
                }));
        return result.future();
    }

    private static NotStarted abandoned(String label, InvocationContext ctx, SlotScheduler.Ticket ticket) {
        return new NotStarted(label + " was abandoned: invocation " + ctx.id() + " " + ticket.endReason());
    }

    /** An instance that did not run because its invocation ended on this node: never retried. */
    static final class NotStarted extends RuntimeException {
        NotStarted(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The invocation is over on this node: its queued instances never start, its running ones are abandoned
     * (their slots free at once, their late answers ignored).
     */
    void end(String invocation, String reason) {
        scheduler.end(invocation, reason);
    }

    SlotScheduler scheduler() {
        return scheduler;
    }

    /** Why an attempt failed, to follow the function's name: "failed: … (HTTP 500)", "timed out after …", …. */
    private static String reason(Throwable err) {
        if (err instanceof FunctionTransport.FunctionCallException call) {
            return switch (call.kind()) {
                case TIMED_OUT, UNREACHABLE -> call.getMessage();
                case FAILED -> "failed: " + call.getMessage() + " (HTTP " + call.status() + ")";
            };
        }
        return "failed: " + err.getMessage();
    }

    /** The last failure of a function instance, with the record of every attempt. */
    static final class AttemptsFailed extends RuntimeException {
        final List<FunctionRecord> records;

        AttemptsFailed(String message, List<FunctionRecord> records) {
            super(message, null, false, false);
            this.records = List.copyOf(records);
        }
    }

    /** The first true condition picks its node; the others are skipped. */
    private Future<Outcome> evaluateSwitch(InvocationContext ctx, FunctionDef def) {
        List<String> nodes = def.next().nodes();
        List<Condition> parsed = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        try {
            for (String c : def.next().conditions()) {
                Condition condition = conditions.get(c);
                if (condition == null) {
                    condition = Condition.parse(c);
                    conditions.put(c, condition);
                }
                parsed.add(condition);
                keys.addAll(condition.referencedKeys());
            }
        } catch (ConditionSyntaxException e) {
            return Future.succeededFuture(Outcome.failed(def.name(), "switch condition does not parse: " + e.getMessage()));
        }
        Map<String, Object> values = new HashMap<>();
        List<Future<Void>> reads = new ArrayList<>();
        for (String key : keys) {
            reads.add(fromStage(store.getAsync(ctx.id(), key)).map(blob -> {
                values.put(key, decode(blob));
                return (Void) null;
            }).recover(err -> {
                if (err instanceof NoSuchValueException || err.getCause() instanceof NoSuchValueException) {
                    return Future.succeededFuture(); // a missing value is null: the condition is false
                }
                return Future.failedFuture(err);
            }));
        }
        return Future.all(reads).map(all -> {
            String chosen = null;
            for (int i = 0; i < parsed.size() && i < nodes.size(); i++) {
                if (parsed.get(i).test(values::get)) {
                    chosen = nodes.get(i);
                    break;
                }
            }
            List<String> taken = chosen == null ? List.of() : List.of(chosen);
            List<String> notTaken = new ArrayList<>();
            for (String n : new LinkedHashSet<>(nodes)) {
                if (!n.equals(chosen)) {
                    notTaken.add(n);
                }
            }
            return new Outcome(def.name(), true, taken, notTaken, null, null, List.<FunctionRecord>of());
        }).recover(err -> Future.succeededFuture(Outcome.failed(def.name(),
                "could not read the values of its switch: " + err.getMessage())));
    }

    /** Stored values are JSON when they parse as JSON, else text. */
    private static Object decode(Blob blob) {
        String text = blob.toUtf8();
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null) {
                return text;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isNumber()) {
                return node.decimalValue();
            }
            if (node.isTextual()) {
                return node.textValue();
            }
            if (node.isNull()) {
                return null;
            }
            return Json.MAPPER.convertValue(node, Object.class);
        } catch (Exception e) {
            return text;
        }
    }

    /** Brings a store future back onto the agent's event loop. */
    private <T> Future<T> fromStage(CompletionStage<T> stage) {
        Promise<T> p = Promise.promise();
        stage.whenComplete((value, err) -> EventLoop.run(context, () -> {
            if (err != null) {
                p.fail(err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err);
            } else {
                p.complete(value);
            }
        }));
        return p.future();
    }

    Map<String, FunctionPool> pools() {
        return pools;
    }
}
