package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Deployment;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.Futures;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts invocations and knows exactly when and how each one ends. Under WorkerSP it only writes the
 * inputs, triggers the start functions and waits for the sinks' reports; under MasterSP it is the central
 * engine that decides and calls every function. Either way it enforces the timeout, clears every node's
 * state and intermediate data at the end, and measures the invocation.
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
    private final SecureRandom random = new SecureRandom();
    private AgentClient agents;
    private Deployments deployments;
    private Admission admission;
    private MasterSpEngine masterSp;
    private Results results;
    private Cleanup cleanup;
    private FinishedInvocations finished;
    private HttpServer events;
    private volatile int port;

    public Coordinator(CoordinatorConfig config, FaaStore store) {
        this.config = config;
        this.store = store;
    }

    public static Future<Coordinator> start(Vertx vertx, CoordinatorConfig config, FaaStore store) {
        Coordinator c = new Coordinator(config, store);
        return vertx.deployVerticle(c).map(id -> c);
    }

    @Override
    public void start(Promise<Void> started) {
        agents = new AgentClient(vertx, WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                .setMaxPoolSize(128).setTcpNoDelay(true)));
        deployments = new Deployments(agents, store, context);
        admission = new Admission(config, this::begin);
        masterSp = new MasterSpEngine(agents, config, new MasterSpEngine.Listener() {
            @Override
            public void sinkDone(Running r, String sink) {
                Coordinator.this.sinkDone(r, sink);
            }

            @Override
            public void failed(Running r, String function, String message) {
                end(r, InvocationPhase.FAILED, function, message);
            }
        });
        results = new Results(store, context);
        cleanup = new Cleanup(agents, store, context);
        finished = new FinishedInvocations(store, vertx, config.resultTtlMillis());
        EventsEndpoint.listen(vertx, config.host(), config.port(), this::onEvent)
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

    /** Installs the workflow on every agent of the plan, then makes it invocable (unversioned). */
    public CompletableFuture<Void> deploy(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode) {
        return deploy(wf, plan, agentUrls, mode, null, null);
    }

    /**
     * Installs the workflow under a plan version, then makes that version the one new invocations use. Agents keep
     * the versions it supersedes while invocations started under them are in flight, so a re-plan breaks none.
     *
     * @param version   the plan version (the operator's plan id), carried by every invocation started under it
     * @param onlyNodes push to these nodes only (agents that restarted and lost their deployments), or null for all
     */
    public CompletableFuture<Void> deploy(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode,
                                          String version, Set<String> onlyNodes) {
        return deployments.deploy(wf, plan, agentUrls, mode, version, onlyNodes, inFlightUntil(wf.name(), version));
    }

    /**
     * The latest deadline of the invocations of a workflow in flight under a plan version other than
     * {@code version}, in epoch millis; 0 when there is none. Superseded deployments (and pods) are needed until then.
     */
    public long inFlightUntil(String workflow, String version) {
        long until = 0;
        for (Running r : running.values()) {
            if (!r.ended && r.context.workflow().equals(workflow)
                    && !java.util.Objects.equals(r.deployed.deployment().version(), version)) {
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
        return deployments.undeploy(workflow, agentUrls);
    }

    public boolean isDeployed(String workflow) {
        return deployments.get(workflow) != null;
    }

    public Workflow workflow(String name) {
        Deployed d = deployments.get(name);
        return d == null ? null : d.deployment().workflow();
    }

    // ---- the path of an invocation ----------------------------------------------------------------

    /**
     * Starts an invocation. Fails at once with {@link InvalidInvocationException} for an unknown workflow, a
     * bad input or a full waiting queue; otherwise the future completes when the invocation has ended and been
     * cleared.
     */
    public InvocationHandle invoke(String workflow, JsonNode input, InvokeOptions options)
            throws InvalidInvocationException {
        Deployed deployed = deployments.get(workflow);
        if (deployed == null) {
            throw new InvalidInvocationException(404, "unknown workflow '" + workflow + "'");
        }
        if (options.timeoutMillis() <= 0) {
            throw new InvalidInvocationException(400, "timeout must be positive, got " + options.timeoutMillis() + " ms");
        }
        Map<String, Blob> inputs = InputPreparer.prepare(deployed.deployment().workflow(), input, options);
        admission.reserve();
        String id = newId();
        JsonNode params = input == null || input.isNull() ? Json.MAPPER.createObjectNode() : input;
        InvocationContext ctx = new InvocationContext(id, workflow, url(), options.timeScale(), params,
                System.currentTimeMillis() + options.timeoutMillis(), deployed.deployment().version());
        Running r = new Running(ctx, deployed, options, inputs);
        running.put(id, r);
        context.runOnContext(v -> admit(r));
        return new InvocationHandle(id, r.result);
    }

    /** The timeout counts from submission; the invocation starts now, or when a running one ends. */
    private void admit(Running r) {
        r.timer = vertx.setTimer(r.options.timeoutMillis(), t -> end(r, InvocationPhase.TIMED_OUT, null,
                "invocation timed out after " + r.options.timeoutMillis() + " ms"
                        + (!r.begun ? " (it never started: too many invocations in flight)" : "")));
        admission.enqueue(r);
    }

    /** Stores the global inputs, then triggers the start functions (WorkerSP) or hands it to MasterSP. */
    private void begin(Running r) {
        store.bindInvocation(r.id(), r.context.workflow());
        List<CompletableFuture<?>> puts = new ArrayList<>();
        r.inputs.forEach((key, value) -> puts.add(store.putAsync(r.id(), key, value, Destination.DB)));
        r.inputs = null;
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> context.runOnContext(x -> {
            if (r.ended) {
                return;
            }
            if (err != null) {
                end(r, InvocationPhase.FAILED, null, "could not store the inputs: " + String.valueOf(Futures.unwrap(err).getMessage()));
                return;
            }
            r.phase = InvocationPhase.RUNNING;
            r.startNanos = System.nanoTime();
            if (r.deployed.controlMode() == ControlMode.MASTER_SP) {
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
        }));
    }

    /** An agent's report: a sink is done (or skipped), or a function failed. */
    private void onEvent(String id, InvocationEvent event) {
        Running r = running.get(id);
        if (r == null || r.ended) {
            return; // late news of an invocation that already ended
        }
        if (InvocationEvent.FAILED.equals(event.type())) {
            end(r, InvocationPhase.FAILED, event.function(), event.message());
        } else if (InvocationEvent.SINK.equals(event.type())) {
            sinkDone(r, event.function());
        }
    }

    private void sinkDone(Running r, String sink) {
        r.sinksReported.add(sink);
        if (r.sinksReported.size() == r.deployed.deployment().workflow().sinkFunctions().size()) {
            end(r, InvocationPhase.SUCCEEDED, null, null);
        }
    }

    /**
     * The one way an invocation ends, whatever ended it: read its results, clear every node and the remote
     * tier (keeping the results of a success), then {@link #finish}.
     */
    private void end(Running r, InvocationPhase phase, String failedFunction, String message) {
        if (r.ended) {
            return;
        }
        r.ended = true;
        double e2eMs = r.startNanos == 0 ? 0 : (System.nanoTime() - r.startNanos) / 1e6;
        admission.ended(r);
        vertx.cancelTimer(r.timer);
        Deployment d = r.deployed.deployment();
        Set<String> keep = phase == InvocationPhase.SUCCEEDED ? d.resultKeys() : Set.of();
        results.read(r.id(), keep).otherwise(Map.of()).onComplete(values -> cleanup.clear(d, r.id(), keep)
                .onComplete(reports -> finish(r, Measurement.of(r, phase, failedFunction, message, e2eMs,
                        values.result(), reports.result()))));
    }

    /** Keeps the result until deleted or expired, and tells whoever waits for it. */
    private void finish(Running r, InvocationResult result) {
        r.phase = result.phase();
        finished.add(result);
        running.remove(r.id());
        r.result.complete(result);
    }

    // ---- queries, cancel and delete ---------------------------------------------------------------

    /** An invocation waiting, running or finished (until deleted), or null. */
    public InvocationSnapshot snapshot(String id) {
        InvocationResult done = finished.get(id);
        if (done != null) {
            return new InvocationSnapshot(id, done.workflow(), done.phase(), done);
        }
        Running r = running.get(id);
        return r == null ? null : r.snapshot();
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
     * Forgets an invocation and deletes its results; one still running is cancelled first and forgotten once
     * cleared. False when there is no such invocation.
     */
    public CompletableFuture<Boolean> delete(String id) {
        Running inFlight = running.get(id);
        if (inFlight != null) {
            cancel(id, "cancelled: the invocation was deleted while it ran");
            return inFlight.result.thenCompose(done -> delete(id));
        }
        return finished.forget(id);
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

    private String newId() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return "inv-" + HexFormat.of().formatHex(b);
    }
}
