package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Deployment;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Resume;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.InvocationRecord;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts invocations and knows exactly when and how each one ends. Under WorkerSP it only writes the
 * inputs, triggers the start functions and waits for the sinks' reports; under MasterSP it is the central
 * engine that decides and calls every function. Either way it enforces the timeout, clears every node's
 * state and intermediate data at the end, and measures the invocation.
 *
 * <p>What it needs to finish an invocation is also in a durable record in the remote tier (written at admission,
 * when it begins, for each sink and the first failure, and at the end), so that a restarted or newly elected
 * coordinator recovers every unfinished invocation with {@link #recover()}, which its host calls once it is the
 * one coordinator; until then events of invocations it does not know are answered "retry later".
 *
 * <p>The path of one invocation reads top-down below: {@link #invoke} → {@link #admit} → {@link #begin} →
 * {@link #onEvent} → {@link #end} → {@link #finish}. Everything after {@code invoke} runs on the coordinator's
 * event loop.
 */
public final class Coordinator extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final CoordinatorConfig config;
    private final FaaStore store;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Where the invocation metrics go; a registry without a backend records nothing. */
    private io.micrometer.core.instrument.MeterRegistry meters = new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    private EngineMetrics metrics;
    private final WorkflowActivity activity = new WorkflowActivity();
    /** Submission keys (InvokeOptions.requestId) → the invocation each started; the most recent ones only. */
    private final Map<String, String> byRequest = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > MAX_REQUEST_KEYS;
                }
            });
    /** How many submission keys are remembered (beyond that the oldest are forgotten). */
    static final int MAX_REQUEST_KEYS = 100_000;
    /** The recovery in progress, or a completed future. */
    private volatile CompletableFuture<?> recovery = CompletableFuture.completedFuture(null);
    /** Recovered invocations to admit again once their workflow is deployed again, by workflow. */
    private final Map<String, List<Running>> awaitingWorkflow = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final CompletableFuture<Void> recoveredOnce = new CompletableFuture<>();
    private volatile boolean recovering;
    private AgentClient agents;
    private Deployments deployments;
    private Admission admission;
    private MasterSpEngine masterSp;
    private Results results;
    private Cleanup cleanup;
    private Records records;
    private FinishedInvocations finished;
    private HttpServer events;
    private volatile int port;

    public Coordinator(CoordinatorConfig config, FaaStore store) {
        this.config = config;
        this.store = store;
    }

    public static Future<Coordinator> start(Vertx vertx, CoordinatorConfig config, FaaStore store) {
        return start(vertx, config, store, new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** @param meters where the invocation metrics go ({@link EngineMetrics}) */
    public static Future<Coordinator> start(Vertx vertx, CoordinatorConfig config, FaaStore store,
                                            io.micrometer.core.instrument.MeterRegistry meters) {
        Coordinator c = new Coordinator(config, store);
        c.meters = meters;
        return vertx.deployVerticle(c).map(id -> c);
    }

    @Override
    public void start(Promise<Void> started) {
        agents = new AgentClient(vertx, WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                .setMaxPoolSize(128).setTcpNoDelay(true)), config.clusterKey());
        deployments = new Deployments(agents, store, context);
        admission = new Admission(config, this::begin);
        metrics = new EngineMetrics(meters, running::size, admission::waiting);
        masterSp = new MasterSpEngine(agents, config, new MasterSpEngine.Listener() {
            @Override
            public void sinkDone(Running r, String sink) {
                Coordinator.this.sinkDone(r, sink);
            }

            @Override
            public void failed(Running r, String function, String message) {
                records.failure(r, function, message);
                end(r, InvocationPhase.FAILED, function, message);
            }
        });
        results = new Results(store, context);
        cleanup = new Cleanup(agents, store, context);
        records = new Records(store.records(), context, Duration.ofMillis(Math.max(1, config.resultTtlMillis())));
        finished = new FinishedInvocations(store, records, vertx, config.resultTtlMillis());
        EventsEndpoint.listen(vertx, config.host(), config.port(), config.clusterKey(), this::onEvent)
                .onSuccess(s -> {
                    events = s;
                    port = s.actualPort();
                    LOG.info("coordinator receives agents' events at {}", url());
                    started.complete();
                })
                .onFailure(err -> started.fail(new IllegalStateException("coordinator cannot listen on "
                        + config.host() + ":" + config.port() + ": " + err.getMessage(), err)));
    }

    @Override
    public void stop(Promise<Void> stopped) {
        events.close().onComplete(ar -> stopped.complete());
    }

    /** Where agents send events (the invocation context carries it to them). */
    public String url() {
        return "http://" + config.advertisedHost() + ":" + port;
    }

    public int port() {
        return port;
    }

    public FaaStore store() {
        return store;
    }

    // ---- workflows --------------------------------------------------------------------------------

    /**
     * Installs the workflow on every agent of the plan, then makes it invocable (unversioned); recovered invocations
     * that were waiting for it are admitted again.
     */
    public CompletableFuture<Void> deploy(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode) {
        return deploy(wf, plan, agentUrls, mode, null, null);
    }

    /**
     * Installs the workflow under a plan version, then makes that version the one new invocations use. Agents keep
     * the versions it supersedes while invocations started under them are in flight, so a re-plan breaks none.
     * Recovered invocations that were waiting for the workflow are admitted again.
     *
     * @param version   the plan version (the operator's plan id), carried by every invocation started under it
     * @param onlyNodes push to these nodes only (agents that restarted and lost their deployments), or null for all
     */
    public CompletableFuture<Void> deploy(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode,
                                          String version, Set<String> onlyNodes) {
        return deployments.deploy(wf, plan, agentUrls, mode, version, onlyNodes, inFlightUntil(wf.name(), version))
                .thenRun(() -> context.runOnContext(v -> admitAwaiting(wf.name())));
    }

    /**
     * The latest deadline of the invocations of a workflow in flight under a plan version other than
     * {@code version}, in epoch millis; 0 when there is none. Superseded deployments (and pods) are needed until then.
     */
    public long inFlightUntil(String workflow, String version) {
        long until = 0;
        for (Running r : running.values()) {
            if (!r.ended && r.context.workflow().equals(workflow)
                    && !java.util.Objects.equals(r.context.planVersion(), version)) {
                until = Math.max(until, r.context.deadlineEpochMillis());
            }
        }
        return until;
    }

    /**
     * Makes a workflow uninvocable and removes it from every agent given (its plan's agents when none are);
     * invocations already running finish.
     */
    public CompletableFuture<Void> undeploy(String workflow, Map<String, String> agentUrls) {
        activity.forget(workflow);
        return deployments.undeploy(workflow, agentUrls);
    }

    /**
     * When the workflow was last busy, in epoch millis: now while an invocation of it is in flight, else when it last
     * started one; 0 when it has not since this coordinator started.
     */
    public long lastActiveMillis(String workflow) {
        for (Running r : running.values()) {
            if (!r.ended && r.context.workflow().equals(workflow)) {
                return System.currentTimeMillis();
            }
        }
        return activity.lastStarted(workflow);
    }

    /**
     * Calls {@code listener} with the workflow's name each time an invocation starts, on the starting thread (keep
     * it short and non-blocking). One listener; a second replaces the first.
     */
    public void onInvocationStart(java.util.function.Consumer<String> listener) {
        activity.listen(listener);
    }

    public boolean isDeployed(String workflow) {
        return deployments.get(workflow) != null;
    }

    public Workflow workflow(String name) {
        Deployed d = deployments.get(name);
        return d == null ? null : d.deployment().workflow();
    }

    /** The plan a workflow is installed with, or null. */
    public Plan plan(String name) {
        Deployed d = deployments.get(name);
        return d == null ? null : d.deployment().plan();
    }

    /** The workflows installed now, by name. */
    public List<String> workflowNames() {
        return deployments.names();
    }

    /**
     * The invocations this coordinator holds: those in flight first, then the finished ones kept (until deleted or
     * expired), the most recently ended first; at most {@code max}.
     */
    public List<InvocationSnapshot> invocations(int max) {
        List<InvocationSnapshot> out = new java.util.ArrayList<>();
        running.values().stream().map(Running::snapshot).sorted(java.util.Comparator.comparing(InvocationSnapshot::id))
                .limit(max).forEach(out::add);
        finished.all().stream().sorted(java.util.Comparator.comparingLong(InvocationResult::completedAtMillis).reversed())
                .limit(Math.max(0, max - out.size()))
                .forEach(r -> out.add(new InvocationSnapshot(r.id(), r.workflow(), r.phase(), r)));
        return out;
    }

    // ---- the path of an invocation ----------------------------------------------------------------

    /**
     * Starts an invocation. Fails at once with {@link InvalidInvocationException} for an unknown workflow, a
     * bad input, a full waiting queue, or a {@code retryOf} this coordinator cannot retry (see {@link #submit}, which
     * also finds invocations that ended before a restart); otherwise the future completes when the invocation has
     * ended and been cleared.
     */
    public InvocationHandle invoke(String workflow, JsonNode input, InvokeOptions options)
            throws InvalidInvocationException {
        Kept kept = null;
        if (options.retryOf() != null) {
            kept = retryPoint(options.retryOf(), workflow, input, finished.ended(options.retryOf()), null);
        }
        return begin(workflow, input, options, kept);
    }

    /**
     * {@link #invoke}, for callers that can wait: a {@code retryOf} is also looked up in the records, so an
     * invocation that ended before this coordinator started can be retried. Fails with
     * {@link InvalidInvocationException} as {@code invoke} does.
     */
    public CompletableFuture<InvocationHandle> submit(String workflow, JsonNode input, InvokeOptions options) {
        if (options.requestId() != null && !recovery.isDone()) {
            // A key may name an invocation the recovery is about to bring back: answer once it has.
            return recovery.handle((v, e) -> null).thenCompose(v -> submit(workflow, input, options));
        }
        String original = options.retryOf();
        if (original == null || running.containsKey(original) || finished.ended(original) != null) {
            try {
                return CompletableFuture.completedFuture(invoke(workflow, input, options));
            } catch (InvalidInvocationException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<InvocationHandle> started = new CompletableFuture<>();
        context.runOnContext(v -> records.get(original).onComplete(ar -> {
            try {
                if (ar.failed()) {
                    throw new InvalidInvocationException(503, "cannot look up invocation '" + original + "' to retry: "
                            + ar.cause().getMessage());
                }
                InvocationRecord record = ar.result().orElse(null);
                EndedInvocation ended = record == null ? null : Records.ended(record);
                Kept kept = retryPoint(original, workflow, input, ended, record);
                started.complete(begin(workflow, input, options, kept));
            } catch (InvalidInvocationException e) {
                started.completeExceptionally(e);
            }
        }));
        return started;
    }

    /** What a retry of {@code original} starts from, or why it cannot be retried (a 4xx naming it). */
    private Kept retryPoint(String original, String workflow, JsonNode input, EndedInvocation ended, InvocationRecord record)
            throws InvalidInvocationException {
        if (running.containsKey(original) || (ended == null && record != null && !record.phase().isFinal())) {
            throw new InvalidInvocationException(409, "invocation '" + original + "' is still running; retry it once it"
                    + " has ended");
        }
        if (ended == null) {
            throw new InvalidInvocationException(404, "no invocation '" + original + "' to retry (unknown, deleted or"
                    + " expired)");
        }
        InvocationResult r = ended.result();
        if (!r.workflow().equals(workflow)) {
            throw new InvalidInvocationException(400, "invocation '" + original + "' ran workflow '" + r.workflow()
                    + "', not '" + workflow + "'");
        }
        if (r.phase() == InvocationPhase.SUCCEEDED) {
            throw new InvalidInvocationException(409, "invocation '" + original + "' succeeded: there is nothing to retry");
        }
        if (ended.kept() == null) {
            throw new InvalidInvocationException(409, "invocation '" + original + "' did not keep its intermediate outputs:"
                    + " start it with keepIntermediates to retry it from where it failed");
        }
        if (input != null && !input.isNull() && !(input.isObject() && input.isEmpty())) {
            throw new InvalidInvocationException(400, "a retry re-uses the inputs of invocation '" + original
                    + "': give no input");
        }
        return ended.kept();
    }

    private InvocationHandle begin(String workflow, JsonNode input, InvokeOptions options, Kept kept)
            throws InvalidInvocationException {
        Deployed deployed = deployments.get(workflow);
        if (deployed == null) {
            throw new InvalidInvocationException(404, "unknown workflow '" + workflow + "'");
        }
        if (options.timeoutMillis() <= 0) {
            throw new InvalidInvocationException(400, "timeout must be positive, got " + options.timeoutMillis() + " ms");
        }
        // A retry brings the original's stored inputs along with its kept outputs.
        Map<String, Blob> inputs = kept != null ? null : InputPreparer.prepare(deployed.deployment().workflow(), input, options);
        String id = newId();
        String key = options.requestId();
        if (key != null) {
            String prior = byRequest.putIfAbsent(key, id);
            InvocationHandle same = prior == null ? null : handleOf(prior);
            if (same != null) {
                return same; // the same submission again: the invocation it started
            }
            byRequest.put(key, id);
        }
        try {
            admission.reserve();
        } catch (InvalidInvocationException e) {
            if (key != null) {
                byRequest.remove(key, id);
            }
            metrics.rejected(workflow);
            throw e;
        }
        metrics.submitted(workflow);
        JsonNode params = kept != null ? kept.input()
                : input == null || input.isNull() ? Json.MAPPER.createObjectNode() : input;
        long now = System.currentTimeMillis();
        InvocationContext ctx = new InvocationContext(id, workflow, url(), options.timeScale(), params,
                now + options.timeoutMillis(), deployed.deployment().version(), kept == null ? null : kept.resume());
        Running r = new Running(ctx, deployed, deployed.facts(), options, inputs, now);
        running.put(id, r);
        activity.started(workflow, now);
        context.runOnContext(v -> admit(r));
        return new InvocationHandle(id, r.result);
    }

    /**
     * The timeout counts from submission. Its record and its inputs (a retry: the kept outputs and inputs of the
     * original, copied) are stored now, so a restarted coordinator can start it even if it never began here; it
     * begins now, or when a running one ends.
     */
    private void admit(Running r) {
        arm(r);
        records.put(r);
        List<Future<Void>> writes = new ArrayList<>();
        if (r.inputs != null) {
            store.bindInvocation(r.id(), r.workflow());
            r.inputs.forEach((key, value) -> writes.add(here(store.putAsync(r.id(), key, value, Destination.DB))
                    .<Void>mapEmpty().recover(err -> Future.failedFuture("could not store the inputs: " + err.getMessage()))));
            r.inputs = null;
        }
        Resume resume = r.context.resume();
        if (resume != null) {
            writes.add(here(store.copyAsync(resume.of(), r.id())).<Void>mapEmpty().recover(err -> Future.failedFuture(
                    "could not copy the kept outputs of invocation " + resume.of() + ": " + err.getMessage())));
        }
        r.admitted = Future.all(writes).mapEmpty();
        // join completes once every write has, failed or not: end() waits for that before it clears, so that no
        // input lands in the remote tier after the cleanup (the tombstone would refuse it, but need not).
        r.inputsSettled = Future.join(writes).transform(ar -> Future.<Void>succeededFuture());
        admission.enqueue(r);
    }

    /** Its timer: TimedOut at its deadline, whether it began or not. */
    private void arm(Running r) {
        r.timer = vertx.setTimer(r.millisLeft(), t -> end(r, InvocationPhase.TIMED_OUT, null,
                "invocation timed out after " + r.options.timeoutMillis() + " ms"
                        + (!r.begun ? " (it never started: too many invocations in flight)" : "")));
    }

    /** Once its inputs are stored: triggers the start functions (WorkerSP) or hands it to MasterSP. */
    private void begin(Running r) {
        r.admitted.onComplete(ar -> {
            if (r.ended) {
                return;
            }
            if (ar.failed()) {
                end(r, InvocationPhase.FAILED, null, ar.cause().getMessage());
                return;
            }
            r.phase = InvocationPhase.RUNNING;
            r.runningSinceMillis = System.currentTimeMillis();
            r.startNanos = System.nanoTime();
            records.put(r);
            if (r.plan.controlMode() == ControlMode.MASTER_SP) {
                masterSp.start(r);
                return;
            }
            Deployment d = r.deployed.deployment();
            for (String start : d.workflow().startFunctions()) {
                String target = d.agentOf(start);
                agents.trigger(target, new Trigger(r.context, start, null, false, Map.of()))
                        .onFailure(e -> end(r, InvocationPhase.FAILED, start, "could not start " + start
                                + " on node " + d.nodeOf(start) + " (" + target + "): " + e.getMessage()));
            }
        });
    }

    /**
     * An agent's report: a sink is done (or skipped), or a function failed. Answers 202 once the record holds it, 410
     * when the invocation is over, 503 when the coordinator cannot take it yet (the agent retries).
     */
    private Future<Integer> onEvent(String id, InvocationEvent event) {
        Running r = running.get(id);
        if (r == null) {
            boolean mayStillCome = !recoveredOnce.isDone() || recovering;
            return Future.succeededFuture(finished.get(id) == null && mayStillCome ? 503 : 410);
        }
        if (r.ended) {
            return Future.succeededFuture(410); // late news of an invocation that already ended
        }
        Future<Void> recorded;
        if (InvocationEvent.FAILED.equals(event.type())) {
            recorded = records.failure(r, event.function(), event.message());
            end(r, InvocationPhase.FAILED, event.function(), event.message());
        } else if (InvocationEvent.SINK.equals(event.type())) {
            recorded = records.sink(r, event.function());
            sinkDone(r, event.function());
        } else {
            return Future.succeededFuture(202); // nothing this coordinator knows: acknowledged, ignored
        }
        return recorded.map(202).otherwise(503);
    }

    private void sinkDone(Running r, String sink) {
        if (r.sinksReported.add(sink) && r.sinksReported.size() == r.plan.sinks()) {
            end(r, InvocationPhase.SUCCEEDED, null, null);
        }
    }

    /**
     * The one way an invocation ends, whatever ended it: once its record's writes are done, read its results, clear
     * every node and the remote tier (keeping the results of a success, or everything of a failure kept for a retry),
     * record the end, then {@link #finish}. Whatever fails on the way (a node, the remote tier) is listed in
     * the result, which always completes.
     */
    private void end(Running r, InvocationPhase phase, String failedFunction, String message) {
        if (r.ended) {
            return;
        }
        r.ended = true;
        double e2eMs = r.startNanos == 0 ? 0 : (System.nanoTime() - r.startNanos) / 1e6;
        admission.ended(r);
        vertx.cancelTimer(r.timer);
        List<Running> waiting = awaitingWorkflow.get(r.workflow());
        if (waiting != null) {
            waiting.remove(r);
        }
        boolean keep = phase != InvocationPhase.SUCCEEDED && r.options.keepIntermediates();
        Set<String> resultKeys = phase == InvocationPhase.SUCCEEDED ? r.plan.resultKeys() : Set.of();
        Future<Void> settled = r.inputsSettled == null ? Future.succeededFuture() : r.inputsSettled;
        r.written().compose(v -> settled).compose(v -> results.read(r.id(), resultKeys).otherwise(Map.of()))
                .onComplete(values -> cleanup.clear(r.plan.agents(), r.id(), resultKeys, keep).onComplete(cleared -> {
                    Cleanup.Cleared c = cleared.result();
                    String text = message;
                    Kept kept = null;
                    if (keep && c.complete()) {
                        kept = new Kept(resumeFrom(r.id(), c.reports()), r.context.input());
                    } else if (keep) {
                        text = (message == null ? "" : message + " ") + "(its intermediate outputs could not all be kept:"
                                + " it cannot be retried from where it failed)";
                        store.clearIntermediateAsync(r.id(), Set.of());
                    }
                    InvocationResult result = Measurement.of(r, phase, failedFunction, text, e2eMs, values.result(),
                            c.reports(), c.problems());
                    Kept retry = kept;
                    records.end(r, result, retry).onComplete(x -> finish(r, new EndedInvocation(result, retry)));
                }));
    }

    /** What succeeded on the nodes (and the foreach widths of those functions): where a retry starts. */
    private static Resume resumeFrom(String id, List<CleanupReport> reports) {
        Set<String> succeeded = new LinkedHashSet<>();
        Map<String, Integer> widths = new HashMap<>();
        for (CleanupReport report : reports) {
            succeeded.addAll(report.succeeded());
            widths.putAll(report.widths());
        }
        widths.keySet().retainAll(succeeded);
        return new Resume(id, List.copyOf(succeeded), widths);
    }

    /** Keeps the result until deleted or expired, and tells whoever waits for it. */
    private void finish(Running r, EndedInvocation ended) {
        r.phase = ended.result().phase();
        metrics.ended(ended.result());
        finished.add(ended);
        running.remove(r.id());
        r.result.complete(ended.result());
    }

    // ---- recovery ---------------------------------------------------------------------------------

    /**
     * Recovers every unfinished invocation of the records (after a restart, or when this coordinator becomes the
     * one): one whose deadline passed ends TimedOut, saying the coordinator was down; a Pending one is admitted again
     * (once its workflow is deployed again); one running under WorkerSP is waited for again when an agent of its plan
     * still holds it, else ends Failed naming what was lost; one running under MasterSP ends Failed (its progress was
     * only in the coordinator) unless its workflow retries every function, in which case it runs again. Invocations
     * this coordinator already has are left alone, so calling it again is harmless. While it runs, events of
     * invocations not recovered yet are answered "retry later".
     */
    public CompletableFuture<RecoverySummary> recover() {
        CompletableFuture<RecoverySummary> done = new CompletableFuture<>();
        recovery = done;
        context.runOnContext(v -> {
            recovering = true;
            new Recovery(this, records, agents).run().onComplete(ar -> {
                recovering = false;
                if (ar.failed()) {
                    LOG.warn("could not recover the unfinished invocations: {}", ar.cause().getMessage());
                    done.completeExceptionally(ar.cause());
                    return;
                }
                recoveredOnce.complete(null);
                if (ar.result().total() > 0) {
                    LOG.info("recovered {}", ar.result());
                }
                done.complete(ar.result());
            });
        });
        return done;
    }

    /** For recovery: the invocation's deployment now, when it is the one its record names (null otherwise). */
    Deployed deployedAs(String workflow, String planId) {
        Deployed d = deployments.get(workflow);
        return d != null && d.planId().equals(planId) ? d : null;
    }

    boolean knows(String id) {
        return running.containsKey(id) || finished.ended(id) != null;
    }

    /** For recovery: an invocation that was running and is still held by its agents is waited for again. */
    void resume(Running r) {
        running.put(r.id(), r);
        r.phase = InvocationPhase.RUNNING;
        r.startNanos = System.nanoTime() - Math.max(0, System.currentTimeMillis() - r.runningSinceMillis) * 1_000_000;
        admission.adopt(r);
        arm(r);
    }

    /**
     * For recovery: an invocation that had not begun (or begins again) is admitted again, its inputs already stored;
     * when its workflow is not deployed yet it waits for it (its timer runs meanwhile).
     */
    void readmit(Running r) {
        running.put(r.id(), r);
        r.phase = InvocationPhase.PENDING;
        arm(r);
        Deployed d = deployments.get(r.workflow());
        if (d == null) {
            awaitingWorkflow.computeIfAbsent(r.workflow(), k -> new ArrayList<>()).add(r);
            return;
        }
        admitAgain(r, d);
    }

    private void admitAgain(Running r, Deployed d) {
        r.deployed = d;
        r.plan = d.facts();
        records.put(r);
        admission.requeue(r);
    }

    private void admitAwaiting(String workflow) {
        List<Running> waiting = awaitingWorkflow.remove(workflow);
        Deployed d = deployments.get(workflow);
        if (waiting != null && d != null) {
            waiting.forEach(r -> admitAgain(r, d));
        }
    }

    /** For recovery: an invocation that cannot go on ends now (cleared everywhere like any other). */
    void endRecovered(Running r, InvocationPhase phase, String failedFunction, String message) {
        running.put(r.id(), r);
        end(r, phase, failedFunction, message);
    }

    /** For recovery: drops what the agents of the plan hold of it (before it runs again from the start). */
    Future<Void> clearAgents(Running r) {
        List<Future<CleanupReport>> calls = new ArrayList<>();
        r.plan.agents().values().forEach(url -> calls.add(agents.cleanup(url, r.id())));
        return Future.join(calls).transform(ar -> Future.succeededFuture());
    }

    // ---- queries, cancel and delete ---------------------------------------------------------------

    /** The handle of an invocation running or finished here, or null. */
    private InvocationHandle handleOf(String id) {
        Running r = running.get(id);
        if (r != null) {
            return new InvocationHandle(id, r.result);
        }
        InvocationResult done = finished.get(id);
        return done == null ? null : new InvocationHandle(id, CompletableFuture.completedFuture(done));
    }

    /** A recovered invocation's submission key, so that the same submission sent again finds it. */
    void rememberRequest(String key, String id) {
        if (key != null) {
            byRequest.put(key, id);
        }
    }

    /** An invocation waiting, running or finished (until deleted) here, or null. */
    public InvocationSnapshot snapshot(String id) {
        InvocationResult done = finished.get(id);
        if (done != null) {
            return new InvocationSnapshot(id, done.workflow(), done.phase(), done);
        }
        Running r = running.get(id);
        return r == null ? null : r.snapshot();
    }

    /**
     * {@link #snapshot}, also for an invocation only the records know (one that ended before this coordinator
     * started, or that it has not recovered yet); completes with null when there is none.
     */
    public CompletableFuture<InvocationSnapshot> lookup(String id) {
        InvocationSnapshot here = snapshot(id);
        if (here != null) {
            return CompletableFuture.completedFuture(here);
        }
        CompletableFuture<InvocationSnapshot> found = new CompletableFuture<>();
        context.runOnContext(v -> records.get(id).onComplete(ar -> {
            InvocationRecord record = ar.succeeded() ? ar.result().orElse(null) : null;
            found.complete(record == null ? snapshot(id) : snapshotOf(record));
        }));
        return found;
    }

    private static InvocationSnapshot snapshotOf(InvocationRecord record) {
        EndedInvocation ended = Records.ended(record);
        if (ended != null) {
            return new InvocationSnapshot(record.id(), ended.result().workflow(), ended.result().phase(), ended.result());
        }
        try {
            return new InvocationSnapshot(record.id(), Records.stored(record).context().workflow(), record.phase(), null);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The result of an invocation this coordinator runs, ran or recovered, once it has ended: what a host that
     * restarted attaches to (after {@link #recover()} has run once). Fails with {@link NoSuchElementException} when
     * neither memory nor the records know it.
     */
    public CompletableFuture<InvocationResult> attach(String id) {
        return recoveredOnce.thenCompose(v -> {
            Running r = running.get(id);
            if (r != null) {
                return r.result;
            }
            InvocationResult done = finished.get(id);
            if (done != null) {
                return CompletableFuture.completedFuture(done);
            }
            return lookup(id).thenCompose(s -> s != null && s.result() != null ? CompletableFuture.completedFuture(s.result())
                    : running.containsKey(id) ? running.get(id).result
                    : CompletableFuture.failedFuture(new NoSuchElementException("the engine has no record of invocation "
                    + id + " (it was deleted, it expired, or its record was lost with the remote store)")));
        });
    }

    /** The phase of an invocation in flight or finished (until deleted), or null. */
    public InvocationPhase phase(String id) {
        InvocationSnapshot s = snapshot(id);
        return s == null ? null : s.phase();
    }

    /** The result of a finished invocation (until deleted), or null. */
    public InvocationResult result(String id) {
        return finished.get(id);
    }

    /** Number of invocations in flight (waiting or running). */
    public int inFlight() {
        return running.size();
    }

    /**
     * Forgets an invocation and deletes its results (and, for one kept for a retry, its kept outputs) and its record;
     * one still running is cancelled first and forgotten once cleared. False when there is no such invocation.
     */
    public CompletableFuture<Boolean> delete(String id) {
        Running inFlight = running.get(id);
        if (inFlight != null) {
            cancel(id, "cancelled: the invocation was deleted while it ran");
            return inFlight.result.thenCompose(done -> delete(id));
        }
        if (finished.ended(id) != null) {
            return finished.forget(id);
        }
        CompletableFuture<Boolean> deleted = new CompletableFuture<>();
        context.runOnContext(v -> records.get(id).onComplete(ar -> {
            Optional<InvocationRecord> record = ar.succeeded() ? ar.result() : Optional.empty();
            if (record.isEmpty() || !record.get().phase().isFinal()) {
                deleted.complete(false);
                return;
            }
            finished.drop(id).whenComplete((x, err) -> {
                if (err != null) {
                    deleted.completeExceptionally(Futures.unwrap(err));
                } else {
                    deleted.complete(true);
                }
            });
        }));
        return deleted;
    }

    /**
     * Ends a running invocation now: Failed with {@code reason}, its state and data cleared on every node as
     * for any other end. Returns false when it is not running (unknown, or already over).
     */
    public boolean cancel(String id, String reason) {
        Running r = running.get(id);
        if (r == null || r.ended) {
            return false;
        }
        context.runOnContext(v -> end(r, InvocationPhase.FAILED, null, reason));
        return true;
    }

    /** A store future, back on the coordinator's event loop. */
    private <T> Future<T> here(CompletableFuture<T> stage) {
        Promise<T> p = Promise.promise();
        stage.whenComplete((value, err) -> context.runOnContext(v -> {
            if (err != null) {
                p.fail(Futures.unwrap(err));
            } else {
                p.complete(value);
            }
        }));
        return p.future();
    }

    private String newId() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return "inv-" + HexFormat.of().formatHex(b);
    }
}
