package dev.faasflow.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.auth.StoreCapabilities;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.DeployRequest;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.InvocationInfo;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Outcome;
import dev.faasflow.agent.protocol.RunFunctionRequest;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.faastore.ClearResult;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import dev.faasflow.faastore.InvocationStats;
import dev.faasflow.grouping.FunctionPlan;
import dev.faasflow.grouping.PlanRenderer;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowParser;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The agent of one node. Holds its part of each deployed workflow, keeps per-invocation state for its own
 * functions, starts a function when all its predecessors reported, triggers local successors in-process and
 * sends one trigger per edge to the agent owning a remote successor (WorkerSP). Under MasterSP it runs the
 * single functions the central engine asks for. Serves its node's FaaStore to the functions.
 *
 * <p>All invocation state lives on this verticle's event loop; nothing blocks it.
 */
public final class Agent extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final long JSON_BODY_LIMIT = 16L * 1024 * 1024;

    /** How long after its start an agent expects its deployments to be pushed again (the operator's agent grace). */
    static final long AWAITING_DEPLOYMENTS_MILLIS = 30_000;
    private final long startedAtMillis = System.currentTimeMillis();
    private final AgentConfig config;
    private final FaaStore store;
    private final FunctionEndpoints endpoints;
    private final DeploymentRegistry deployments = new DeploymentRegistry();
    private final Map<String, InvocationState> invocations = new HashMap<>();
    private final Map<String, Boolean> finished = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 100_000;
        }
    };
    private volatile int activeInvocations;
    /** Invocations dropped by the sweep (past their deadline and grace), and events given up on. */
    private final java.util.concurrent.atomic.LongAdder swept = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder eventsGivenUp = new java.util.concurrent.atomic.LongAdder();
    private long sweepTimer = -1;
    private HttpServer server;
    private WebClient client;
    private FunctionExecutor executor;
    private AgentClient peers;
    private volatile int port;

    private final FunctionTransport transport;

    /** @param transport how run requests reach function runtimes; null for HTTP (the contract) */
    public Agent(AgentConfig config, FaaStore store, FunctionEndpoints endpoints, FunctionTransport transport) {
        this.config = config;
        this.store = store;
        this.endpoints = endpoints;
        this.transport = transport;
    }

    /** Deploys the agent on {@code vertx}, calling functions over HTTP; completes when it listens. */
    public static Future<Agent> start(Vertx vertx, AgentConfig config, FaaStore store, FunctionEndpoints endpoints) {
        return start(vertx, config, store, endpoints, null);
    }

    public static Future<Agent> start(Vertx vertx, AgentConfig config, FaaStore store, FunctionEndpoints endpoints,
                                      FunctionTransport transport) {
        Agent agent = new Agent(config, store, endpoints, transport);
        return vertx.deployVerticle(agent).map(id -> agent);
    }

    @Override
    public void start(Promise<Void> started) {
        client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setHttp2MaxPoolSize(64).setPipelining(false).setTcpNoDelay(true));
        peers = new AgentClient(vertx, client, config.clusterKey());
        Router router = Router.router(vertx);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT);
        BodyHandler values = BodyHandler.create(false).setBodyLimit(config.maxValueBytes());
        // Control calls need the cluster key, checked before any body is read; the health probe does not, and the
        // store is the functions' (which never see the key: they get a token per invocation instead).
        Handler<RoutingContext> key = config.clusterKey().guard();
        router.get("/v1/health").handler(rc -> respond(rc, Map.of("status", "UP", "node", config.node())));
        // Prometheus scrapes without the cluster key: counts and times, no invocation's data.
        AgentMetrics metrics = new AgentMetrics(config.node(),
                () -> executor == null ? new SlotStats(config.slots(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : slots(),
                () -> activeInvocations, () -> executor == null ? 0 : executions(), store::stats);
        router.get("/metrics").handler(rc -> rc.response().putHeader("content-type", "text/plain; version=0.0.4")
                .end(metrics.scrape()));
        router.get("/v1/status").handler(key).handler(rc -> respond(rc, status()));
        router.put("/v1/workflows/:name").handler(key).handler(json).handler(this::handleDeploy);
        router.delete("/v1/workflows/:name").handler(key).handler(rc -> {
            boolean removed = deployments.remove(rc.pathParam("name"));
            rc.response().setStatusCode(removed ? 204 : 404).end();
        });
        router.get("/v1/invocations/:id").handler(key).handler(this::handleQuery);
        router.post("/v1/invocations/:id/trigger").handler(key).handler(json).handler(this::handleTrigger);
        router.post("/v1/invocations/:id/run").handler(key).handler(json).handler(this::handleRun);
        router.post("/v1/invocations/:id/cleanup").handler(key).handler(this::handleCleanup);
        // The store answers a function only for its own invocation: the run request's token is checked first.
        StoreCapabilities capabilities = StoreCapabilities.of(config.clusterKey(), config.node());
        StoreEndpoint storeEndpoint = new StoreEndpoint(store, context);
        router.get("/v1/store/:invocation/:key").handler(capabilities.guard()).handler(storeEndpoint::get);
        router.put("/v1/store/:invocation/:key").handler(capabilities.guard()).handler(values)
                .handler(storeEndpoint::put);
        router.route().failureHandler(this::handleFailure);
        server = SlowClientGuard.create(vertx, new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false),
                router, ServerTimeouts.fromEnvironment());
        server.listen(config.port(), config.host()).onSuccess(s -> {
            port = s.actualPort();
            executor = new FunctionExecutor(vertx, context, config, store, endpoints,
                    transport != null ? transport : new HttpFunctionTransport(client), storeUrl(), capabilities, metrics);
            sweepTimer = vertx.setPeriodic(config.sweepIntervalMillis(), t -> sweep());
            started.complete();
        }).onFailure(err -> started.fail(new IllegalStateException(
                "agent of " + config.node() + " cannot listen on " + config.host() + ":" + config.port() + ": " + err.getMessage(), err)));
    }

    @Override
    public void stop(Promise<Void> stopped) {
        vertx.cancelTimer(sweepTimer);
        client.close();
        server.close().onComplete(ar -> stopped.complete());
    }

    public String node() {
        return config.node();
    }

    /** The agent's event-loop context: what runs on it never races the agent's state. */
    public io.vertx.core.Context eventLoop() {
        return context;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + config.advertisedHost() + ":" + port;
    }

    /** Where this node's functions reach FaaStore (the contract's store endpoint). */
    public String storeUrl() {
        return url();
    }

    public FaaStore store() {
        return store;
    }

    /** Invocations with state on this node right now. */
    public int activeInvocations() {
        return activeInvocations;
    }

    /** Invocations this agent dropped by itself, past their deadline and grace. */
    public long sweptInvocations() {
        return swept.sum();
    }

    public LatencyRecorder triggerLatency() {
        return executor.triggerLatency;
    }

    public long executions() {
        return executor.executions.sum();
    }

    /**
     * The node's slot scheduler: slots held and waiting, peaks, queue times. Read it on the agent's event loop
     * ({@link #eventLoop()}) for an exact picture; elsewhere it is a snapshot that may be a moment old.
     */
    public SlotStats slots() {
        return executor.scheduler().stats();
    }

    /** Installs a workflow directly (in-process); same as PUT /v1/workflows/{name}. */
    public void deploy(Deployment deployment) {
        deploy(deployment, 0);
    }

    /**
     * Installs a workflow under its plan version; superseded versions stay until {@code retainPreviousUntil} and while
     * invocations started under them are active here.
     */
    public void deploy(Deployment deployment, long retainPreviousUntil) {
        deployments.install(deployment, retainPreviousUntil);
        store.defineWorkflow(deployment.workflow());
        if (context != null) {
            context.runOnContext(v -> pruneDeployments());
        }
    }

    public Set<String> workflows() {
        return deployments.workflows();
    }

    /** Plan versions of a workflow held here, current first. */
    public List<String> versions(String workflow) {
        return deployments.versions(workflow);
    }

    /** Drops superseded deployments no active invocation uses any more (on the event loop: reads the states). */
    private void pruneDeployments() {
        deployments.prune(System.currentTimeMillis(),
                d -> invocations.values().stream().anyMatch(s -> s.deployment == d));
    }

    // ---- HTTP handlers --------------------------------------------------------------------------

    private void handleDeploy(RoutingContext rc) {
        try {
            DeployRequest req = Json.MAPPER.readValue(rc.body().asString(), DeployRequest.class);
            if (req == null || req.definition() == null || req.plan() == null || req.agents() == null) {
                badRequest(rc, "a deployment needs definition, plan and agents");
                return;
            }
            String name = rc.pathParam("name");
            Workflow wf = WorkflowParser.parse("deployment of " + name, name,
                    Json.MAPPER.convertValue(req.definition(), Object.class),
                    req.images() == null ? Map.of() : req.images(),
                    req.maxContainers() > 0 ? req.maxContainers() : Workflow.DEFAULT_MAX_CONTAINERS);
            deploy(new Deployment(wf, PlanRenderer.fromJson(req.plan()), req.agents(), req.planVersion()),
                    req.retainPreviousUntil());
            rc.response().setStatusCode(204).end();
        } catch (WorkflowException e) {
            badRequest(rc, e.getMessage());
        } catch (Exception e) {
            badRequest(rc, "malformed deployment: " + e.getMessage());
        }
    }

    private void handleTrigger(RoutingContext rc) {
        Trigger t;
        try {
            t = Json.MAPPER.readValue(rc.body().asString(), Trigger.class);
        } catch (Exception e) {
            badRequest(rc, "malformed trigger: " + e.getMessage());
            return;
        }
        String problem = checkAddressed(t.invocation(), t.function(), rc.pathParam("id"));
        if (problem != null) {
            refuse(rc, problem);
            return;
        }
        rc.response().setStatusCode(202).end();
        onTrigger(t, 0);
    }

    private void handleRun(RoutingContext rc) {
        RunFunctionRequest req;
        try {
            req = Json.MAPPER.readValue(rc.body().asString(), RunFunctionRequest.class);
        } catch (Exception e) {
            badRequest(rc, "malformed run request: " + e.getMessage());
            return;
        }
        String problem = checkAddressed(req.invocation(), req.function(), rc.pathParam("id"));
        if (problem != null) {
            refuse(rc, problem);
            return;
        }
        InvocationState state = stateOf(req.invocation());
        if (state == null) {
            respond(rc, Outcome.failed(req.function(), "invocation " + req.invocation().id() + " is already over"));
            return;
        }
        Map<String, Integer> widths = req.widths() == null ? Map.of() : req.widths();
        executor.execute(req.invocation(), state.deployment, req.function(), widths, 0).onComplete(ar -> {
            Outcome outcome = ar.succeeded() ? ar.result() : Outcome.failed(req.function(), ar.cause().getMessage());
            state.records.addAll(outcome.records());
            if (outcome.ok()) {
                state.succeeded.add(req.function());
                if (outcome.width() != null) {
                    state.widths.put(req.function(), outcome.width());
                }
            }
            respond(rc, outcome);
        });
    }

    /** Whether this node still holds the invocation (what a recovering coordinator asks), and what succeeded here. */
    private void handleQuery(RoutingContext rc) {
        String id = rc.pathParam("id");
        InvocationState state = invocations.get(id);
        InvocationInfo info = state == null ? new InvocationInfo(id, config.node(), false, List.of(), 0, finished.containsKey(id))
                : new InvocationInfo(id, config.node(), true, List.copyOf(state.succeeded), state.context.deadlineEpochMillis(),
                false);
        rc.response().setStatusCode(state == null ? 404 : 200);
        respond(rc, info);
    }

    /**
     * The invocation is over: drops its state and clears its node memory, or with {@code ?keep=intermediates}
     * moves that memory to the remote tier (a failed invocation kept for a retry from where it failed).
     */
    private void handleCleanup(RoutingContext rc) {
        String id = rc.pathParam("id");
        boolean keep = "intermediates".equals(rc.queryParams().get("keep"));
        InvocationState state = forget(id);
        List<FunctionRecord> records = state == null ? List.of() : state.records;
        // Results live in the remote tier (sinks always write there), so node memory is cleared entirely;
        // keeping result keys here would keep a same-named intermediate value of another function.
        CompletableFuture<ClearResult> cleared = keep ? store.spillLocalAsync(id) : store.clearLocalAsync(id, Set.of());
        cleared.whenComplete((result, err) -> context.runOnContext(v -> {
            if (err != null) {
                rc.response().setStatusCode(503).putHeader("content-type", "application/json")
                        .end(error("could not " + (keep ? "keep" : "clear") + " invocation " + id + " on " + config.node()
                                + ": " + err.getMessage()));
                return;
            }
            InvocationStats s = result.stats();
            respond(rc, new CleanupReport(config.node(), records, s.bytesLocal(), s.bytesRemote(), s.dataOverheadMillis(),
                    s.spills(), result.localRemoved() + result.remoteRemoved(),
                    state == null ? List.of() : List.copyOf(state.succeeded),
                    state == null ? Map.of() : Map.copyOf(state.widths)));
        }));
    }

    /** Drops the invocation's state (if any) and remembers it is over, so late messages do not resurrect it. */
    private InvocationState forget(String id) {
        InvocationState state = invocations.remove(id);
        finished.put(id, Boolean.TRUE);
        // After the state is gone, so what the ended instances' callbacks see is an invocation that is over.
        executor.end(id, "ended (the coordinator cleared it)");
        activeInvocations = invocations.size();
        pruneDeployments();
        return state;
    }

    /**
     * Drops what this node still holds of invocations past their deadline and grace: the coordinator's cleanup
     * never came (it was lost, or the coordinator restarted and ended them elsewhere).
     */
    private void sweep() {
        long now = System.currentTimeMillis();
        List<String> expired = new ArrayList<>();
        for (InvocationState state : invocations.values()) {
            if (state.context.deadlineEpochMillis() + config.stateGraceMillis() < now) {
                expired.add(state.context.id());
            }
        }
        for (String id : expired) {
            forget(id);
            store.clearLocalAsync(id, Set.of());
            swept.increment();
            LOG.warn("agent {}: dropped invocation {} and its node memory: {} ms past its deadline and no cleanup came",
                    config.node(), id, config.stateGraceMillis());
        }
    }

    private void handleFailure(RoutingContext rc) {
        int code = rc.statusCode() > 0 ? rc.statusCode() : 500;
        String message = code == 413 ? "request body too large (limit " + config.maxValueBytes() + " bytes)"
                : rc.failure() != null ? String.valueOf(rc.failure().getMessage()) : "request failed";
        if (!rc.response().ended()) {
            rc.response().setStatusCode(code).putHeader("content-type", "application/json").end(error(message));
        }
    }

    private static void badRequest(RoutingContext rc, String message) {
        rc.response().setStatusCode(400).putHeader("content-type", "application/json").end(error(message));
    }

    static String error(String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", message);
        return o.toString();
    }

    /**
     * Refuses a request: 400 when malformed or misaddressed; for a workflow this agent does not hold, 404, except in its first
     * {@link #AWAITING_DEPLOYMENTS_MILLIS}: a restarted agent has lost its deployments until they are pushed again,
     * so it answers 503 and the sender tries again.
     */
    private void refuse(RoutingContext rc, String problem) {
        int status = 400;
        if (problem.startsWith("unknown workflow")) {
            long up = System.currentTimeMillis() - startedAtMillis;
            status = up < AWAITING_DEPLOYMENTS_MILLIS ? 503 : 404;
            if (status == 503) {
                problem += " (this agent started " + up + " ms ago and may not have its deployments back yet; try again)";
            }
        }
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(error(problem));
    }

    private String checkAddressed(InvocationContext ctx, String function, String pathId) {
        if (ctx == null || ctx.id() == null || ctx.workflow() == null || function == null) {
            return "invocation (id, workflow) and function are required";
        }
        if (!ctx.id().equals(pathId)) {
            return "invocation id in the path (" + pathId + ") differs from the body (" + ctx.id() + ")";
        }
        Deployment d = deploymentOf(ctx);
        if (d == null) {
            return deployments.current(ctx.workflow()) == null
                    ? "unknown workflow '" + ctx.workflow() + "' on node " + config.node()
                    : "unknown workflow '" + ctx.workflow() + "' plan version " + ctx.planVersion() + " on node "
                    + config.node() + " (it holds " + String.join(", ", deployments.versions(ctx.workflow())) + ")";
        }
        if (!d.workflow().hasFunction(function)) {
            return "workflow " + ctx.workflow() + " has no function '" + function + "'";
        }
        if (!config.node().equals(d.nodeOf(function))) {
            return "function " + function + " runs on node " + d.nodeOf(function) + ", not on " + config.node();
        }
        return null;
    }

    /** The deployment an invocation runs under: the version it names, else the current one. */
    private Deployment deploymentOf(InvocationContext ctx) {
        return deployments.get(ctx.workflow(), ctx.planVersion());
    }

    // ---- WorkerSP -------------------------------------------------------------------------------

    /** Null when the invocation is already over here (late messages are dropped, not resurrected). */
    private InvocationState stateOf(InvocationContext ctx) {
        InvocationState state = invocations.get(ctx.id());
        if (state == null) {
            if (finished.containsKey(ctx.id())) {
                return null;
            }
            Deployment d = deploymentOf(ctx);
            if (d == null) {
                return null; // its version was dropped: only possible for an invocation already over
            }
            state = new InvocationState(ctx, d);
            store.bindInvocation(ctx.id(), ctx.workflow());
            invocations.put(ctx.id(), state);
            activeInvocations = invocations.size();
        }
        return state;
    }

    /** Counts one edge into a function of this node and runs or skips it when all have arrived. */
    private void onTrigger(Trigger t, long readySinceNanos) {
        InvocationState state = stateOf(t.invocation());
        if (state == null) {
            return;
        }
        if (t.widths() != null) {
            state.widths.putAll(t.widths());
        }
        FunctionPlan fp = state.deployment.planOf(t.function());
        switch (state.joins.arrive(t.function(), t.from(), t.skipped(), fp.predecessors())) {
            case RUN -> {
                if (state.doneAlready(t.function())) {
                    replay(state, t.function());
                } else {
                    run(state, t.function(), readySinceNanos);
                }
            }
            case SKIP -> finish(state, t.function(), List.of(), state.deployment.workflow().successorNames(t.function()), true);
            default -> {
            }
        }
    }

    private void run(InvocationState state, String function, long readySinceNanos) {
        executor.execute(state.context, state.deployment, function, Map.copyOf(state.widths), readySinceNanos)
                .onComplete(ar -> {
                            if (invocations.get(state.context.id()) != state) {
                        return; // cleared meanwhile (failed elsewhere or timed out)
                    }
                    Outcome outcome = ar.succeeded() ? ar.result() : Outcome.failed(function, ar.cause().getMessage());
                    state.records.addAll(outcome.records());
                    if (!outcome.ok()) {
                        report(state.context, new InvocationEvent(InvocationEvent.FAILED, function, config.node(), false,
                                outcome.message()));
                        return;
                    }
                    state.succeeded.add(function);
                    if (outcome.width() != null) {
                        state.widths.put(function, outcome.width());
                    }
                    finish(state, function, outcome.taken(), outcome.notTaken(), false);
                });
    }

    /** A function that succeeded in the invocation this one retries: done at once, as it was, without running. */
    private void replay(InvocationState state, String function) {
        Integer width = state.context.resume().widths().get(function);
        if (width != null) {
            state.widths.put(function, width);
        }
        state.succeeded.add(function);
        finish(state, function, state.deployment.workflow().successorNames(function), List.of(), false);
    }

    /** Fires the outgoing edges of a finished (or skipped) function, and reports sinks. */
    private void finish(InvocationState state, String function, List<String> taken, List<String> notTaken, boolean skipped) {
        long endNanos = System.nanoTime();
        Deployment d = state.deployment;
        if (d.workflow().isSink(function)) {
            report(state.context, new InvocationEvent(InvocationEvent.SINK, function, config.node(), skipped, null));
            return;
        }
        Map<String, Integer> widths = state.widths.isEmpty() ? Map.of() : Map.copyOf(state.widths);
        for (String next : taken) {
            fire(state, new Trigger(state.context, next, function, skipped, widths), endNanos);
        }
        for (String next : notTaken) {
            fire(state, new Trigger(state.context, next, function, true, widths), endNanos);
        }
    }

    private void fire(InvocationState state, Trigger t, long endNanos) {
        Deployment d = state.deployment;
        if (config.node().equals(d.nodeOf(t.function()))) {
            onTrigger(t, endNanos); // same node: no message at all
            return;
        }
        String target = d.agentOf(t.function());
        peers.trigger(target, t).onFailure(err -> report(state.context, new InvocationEvent(InvocationEvent.FAILED,
                t.function(), d.nodeOf(t.function()), false, "could not trigger " + t.function() + " on node "
                + d.nodeOf(t.function()) + " (" + target + "): " + err.getMessage())));
    }

    /** Tells the coordinator, again and again until it acknowledges, or until the invocation cannot end any more. */
    private void report(InvocationContext ctx, InvocationEvent event) {
        peers.event(ctx.coordinator(), ctx.id(), event, ctx.deadlineEpochMillis() + config.stateGraceMillis())
                .onFailure(err -> {
                    eventsGivenUp.increment();
                    LOG.warn("agent {}: gave up reporting {} of {} for invocation {} to {}: {}", config.node(),
                            event.type(), event.function(), ctx.id(), ctx.coordinator(), err.getMessage());
                });
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", config.node());
        s.put("url", url());
        s.put("workflows", new ArrayList<>(deployments.workflows()));
        s.put("activeInvocations", activeInvocations);
        s.put("sweptInvocations", swept.sum());
        s.put("eventsGivenUp", eventsGivenUp.sum());
        s.put("functionRetries", executor.retries.sum());
        s.put("executions", executions());
        LatencyRecorder lat = executor.triggerLatency;
        s.put("triggerLatencyP50Micros", lat.percentile(50) / 1000.0);
        s.put("triggerLatencyP99Micros", lat.percentile(99) / 1000.0);
        Map<String, Object> pools = new LinkedHashMap<>();
        executor.pools().forEach((name, pool) -> pools.put(name, Map.of("instances", pool.instances(),
                "busy", pool.busy(), "waiting", pool.waiting(), "cap", pool.cap(), "coldStarts", pool.coldStarts(),
                "abandoned", pool.abandoned())));
        s.put("slots", executor.scheduler().stats());
        s.put("pools", pools);
        s.put("store", store.stats());
        return s;
    }

    static void respond(RoutingContext rc, Object value) {
        rc.response().putHeader("content-type", "application/json").end(json(value));
    }

    static Buffer json(Object value) {
        try {
            return Buffer.buffer(Json.MAPPER.writeValueAsBytes(value));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
