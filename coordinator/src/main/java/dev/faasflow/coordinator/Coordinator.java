package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Deployment;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.DeployRequest;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanRenderer;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowWriter;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts invocations and knows exactly when and how each one ends. Under WorkerSP it only writes the
 * inputs, triggers the start functions and waits for the sinks' reports; under MasterSP it is the central
 * engine that decides and calls every function. Either way it enforces the timeout, clears every node's
 * state and intermediate data at the end, and measures the invocation.
 */
public final class Coordinator extends AbstractVerticle {
    /** Results up to this size come back inline; larger ones as references. */
    public static final int INLINE_RESULT_BYTES = 64 * 1024;

    private final CoordinatorConfig config;
    private final FaaStore store;
    private final Map<String, Deployed> workflows = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, InvocationResult> finished = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Admitted but not yet started (over maxInFlight), in arrival order. Event loop only. */
    private final java.util.ArrayDeque<Pending> waiting = new java.util.ArrayDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger waitingCount = new java.util.concurrent.atomic.AtomicInteger();
    private int inFlightCount;

    private record Pending(Running running, Map<String, Blob> inputs) {
    }
    private AgentClient agents;
    private MasterSpEngine masterSp;
    private HttpServer server;
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
        WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(128)
                .setTcpNoDelay(true));
        agents = new AgentClient(vertx, client);
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
        Router router = Router.router(vertx);
        router.post("/v1/invocations/:id/events").handler(BodyHandler.create(false).setBodyLimit(1 << 20))
                .handler(rc -> {
                    InvocationEvent event;
                    try {
                        event = Json.MAPPER.readValue(rc.body().asString(), InvocationEvent.class);
                    } catch (Exception e) {
                        rc.response().setStatusCode(400).end("{\"error\":\"malformed event\"}");
                        return;
                    }
                    rc.response().setStatusCode(202).end();
                    onEvent(rc.pathParam("id"), event);
                });
        new Gateway(this).mount(router);
        server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true));
        server.requestHandler(router).listen(config.port(), config.host())
                .onSuccess(s -> {
                    port = s.actualPort();
                    started.complete();
                })
                .onFailure(err -> started.fail(new IllegalStateException("coordinator cannot listen on "
                        + config.host() + ":" + config.port() + ": " + err.getMessage(), err)));
    }

    @Override
    public void stop(Promise<Void> stopped) {
        server.close().onComplete(ar -> stopped.complete());
    }

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

    /** Installs the workflow on every agent of the plan, then makes it invocable. */
    public CompletableFuture<Void> deploy(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode) {
        Deployment deployment;
        try {
            deployment = new Deployment(wf, plan, agentUrls);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, String> images = new LinkedHashMap<>();
        for (FunctionDef f : wf.functions()) {
            if (f.image() != null) {
                images.put(f.name(), f.image());
            }
        }
        DeployRequest request = new DeployRequest(wf.name(), Json.MAPPER.valueToTree(WorkflowWriter.toTree(wf)), images,
                wf.maxContainers(), PlanRenderer.toJson(plan), agentUrls);
        List<Future<Void>> installs = new ArrayList<>();
        for (String node : plan.usedNodes()) {
            installs.add(agents.deploy(agentUrls.get(node), request));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> Future.all(installs).onComplete(ar -> {
            if (ar.failed()) {
                done.completeExceptionally(ar.cause());
            } else {
                store.defineWorkflow(wf);
                workflows.put(wf.name(), new Deployed(deployment, mode));
                done.complete(null);
            }
        }));
        return done;
    }

    /**
     * Makes a workflow uninvocable and removes it from every agent given (its plan's agents when none are);
     * invocations already running finish.
     */
    public CompletableFuture<Void> undeploy(String workflow, Map<String, String> agentUrls) {
        Deployed removed = workflows.remove(workflow);
        Map<String, String> targets = agentUrls != null && !agentUrls.isEmpty() ? agentUrls
                : removed == null ? Map.of() : removed.deployment().agents();
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            List<Future<Void>> calls = new ArrayList<>();
            targets.values().forEach(url -> calls.add(agents.undeploy(url, workflow)));
            Future.join(calls).onComplete(ar -> {
                if (ar.failed()) {
                    done.completeExceptionally(ar.cause());
                } else {
                    done.complete(null);
                }
            });
        });
        return done;
    }

    public boolean isDeployed(String workflow) {
        return workflows.containsKey(workflow);
    }

    public Workflow workflow(String name) {
        Deployed d = workflows.get(name);
        return d == null ? null : d.deployment().workflow();
    }

    // ---- invocations ------------------------------------------------------------------------------

    /**
     * Starts an invocation. Fails at once with {@link InvalidInvocationException} for an unknown workflow
     * or a bad input; otherwise the future completes when the invocation has ended and been cleared.
     */
    public InvocationHandle invoke(String workflow, JsonNode input, InvokeOptions options)
            throws InvalidInvocationException {
        Deployed deployed = workflows.get(workflow);
        if (deployed == null) {
            throw new InvalidInvocationException(404, "unknown workflow '" + workflow + "'");
        }
        if (options.timeoutMillis() <= 0) {
            throw new InvalidInvocationException(400, "timeout must be positive, got " + options.timeoutMillis() + " ms");
        }
        Workflow wf = deployed.deployment().workflow();
        Map<String, Blob> inputs = InputPreparer.prepare(wf, input, options);
        String id = newId();
        JsonNode params = input == null || input.isNull() ? Json.MAPPER.createObjectNode() : input;
        InvocationContext ctx = new InvocationContext(id, workflow, url(), options.timeScale(), params,
                System.currentTimeMillis() + options.timeoutMillis());
        if (waitingCount.get() >= config.maxWaiting()) {
            throw new InvalidInvocationException(429, waitingCount.get() + " invocations are already waiting to start; "
                    + "retry later");
        }
        Running r = new Running(ctx, deployed, options);
        running.put(id, r);
        waitingCount.incrementAndGet();
        context.runOnContext(v -> admit(r, inputs));
        return new InvocationHandle(id, r.result);
    }

    /** An invocation in flight or finished (until deleted), or null. */
    public InvocationPhase phase(String id) {
        InvocationResult done = finished.get(id);
        if (done != null) {
            return done.phase();
        }
        Running r = runningSnapshot(id);
        return r == null ? null : r.phase;
    }

    public InvocationResult result(String id) {
        return finished.get(id);
    }

    private Running runningSnapshot(String id) {
        return running.get(id);
    }

    /** Number of invocations in flight. */
    public int inFlight() {
        return running.size();
    }

    /** Forgets a finished invocation and deletes its results. */
    public CompletableFuture<Boolean> delete(String id) {
        Running inFlight = running.get(id);
        if (inFlight != null) {
            // Deleting an invocation that still runs cancels it; it is forgotten once cleared everywhere.
            cancel(id, "cancelled: the invocation was deleted while it ran");
            return inFlight.result.thenCompose(done -> delete(id));
        }
        InvocationResult removed = finished.remove(id);
        if (removed == null) {
            return CompletableFuture.completedFuture(false);
        }
        return store.clearAsync(id).thenApply(r -> true);
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
        StringBuilder sb = new StringBuilder("inv-");
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    /** The timeout counts from submission; the invocation starts now or when a running one ends. */
    private void admit(Running r, Map<String, Blob> inputs) {
        r.timer = vertx.setTimer(r.options.timeoutMillis(), t -> end(r, InvocationPhase.TIMED_OUT, null,
                "invocation timed out after " + r.options.timeoutMillis() + " ms"
                        + (!r.begun ? " (it never started: too many invocations in flight)" : "")));
        waiting.add(new Pending(r, inputs));
        startWaiting();
    }

    private void startWaiting() {
        while (inFlightCount < config.maxInFlight() && !waiting.isEmpty()) {
            Pending next = waiting.poll();
            waitingCount.decrementAndGet();
            if (!next.running().ended) {
                begin(next.running(), next.inputs());
            }
        }
    }

    private void begin(Running r, Map<String, Blob> inputs) {
        r.begun = true;
        inFlightCount++;
        store.bindInvocation(r.id(), r.context.workflow());
        List<CompletableFuture<?>> puts = new ArrayList<>();
        for (Map.Entry<String, Blob> e : inputs.entrySet()) {
            puts.add(store.putAsync(r.id(), e.getKey(), e.getValue(), dev.faasflow.workflow.Destination.DB));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> context.runOnContext(x -> {
            if (r.ended) {
                return;
            }
            if (err != null) {
                end(r, InvocationPhase.FAILED, null, "could not store the inputs: " + rootMessage(err));
                return;
            }
            r.phase = InvocationPhase.RUNNING;
            r.startNanos = System.nanoTime();
            Deployment d = r.deployed.deployment();
            if (r.deployed.controlMode() == ControlMode.MASTER_SP) {
                masterSp.start(r);
                return;
            }
            for (String start : d.workflow().startFunctions()) {
                String target = d.agentOf(start);
                agents.trigger(target, new Trigger(r.context, start, null, false, Map.of()))
                        .onFailure(e -> end(r, InvocationPhase.FAILED, start, "could not start " + start
                                + " on node " + d.nodeOf(start) + " (" + target + "): " + e.getMessage()));
            }
        }));
    }

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

    // ---- the end ----------------------------------------------------------------------------------

    /**
     * The one way an invocation ends, whatever ended it: read its results, clear every node and the remote
     * tier (keeping the results of a success), measure it, and complete its future.
     */
    private void end(Running r, InvocationPhase phase, String failedFunction, String message) {
        if (r.ended) {
            return;
        }
        r.ended = true;
        double e2eMs = r.startNanos == 0 ? 0 : (System.nanoTime() - r.startNanos) / 1e6;
        if (r.begun) {
            inFlightCount--;
            startWaiting();
        }
        vertx.cancelTimer(r.timer);
        Set<String> keep = phase == InvocationPhase.SUCCEEDED ? r.deployed.deployment().resultKeys() : Set.of();
        collectResults(r, keep).otherwise(Map.of()).onComplete(results -> clearEverywhere(r, keep)
                .onComplete(reports -> finish(r, phase, failedFunction, message, e2eMs, results.result(), reports.result())));
    }

    /** Cleanup reports of the nodes that answered; problems are logged, never fatal to the result. */
    private Future<List<CleanupReport>> clearEverywhere(Running r, Set<String> keep) {
        Deployment d = r.deployed.deployment();
        List<Future<CleanupReport>> cleanups = new ArrayList<>();
        for (String node : d.nodesUsed()) {
            cleanups.add(agents.cleanup(d.agents().get(node), r.id()));
        }
        Promise<List<CleanupReport>> done = Promise.promise();
        Future.join(cleanups).onComplete(all -> store.clearIntermediateAsync(r.id(), keep)
                .whenComplete((x, err) -> context.runOnContext(v -> {
                    List<CleanupReport> reports = new ArrayList<>();
                    List<String> problems = new ArrayList<>();
                    for (Future<CleanupReport> c : cleanups) {
                        if (c.succeeded()) {
                            reports.add(c.result());
                        } else {
                            problems.add(c.cause().getMessage());
                        }
                    }
                    if (err != null) {
                        problems.add("remote store: " + rootMessage(err));
                    }
                    if (!problems.isEmpty()) {
                        System.err.println("coordinator: invocation " + r.id() + " was not fully cleared: " + problems);
                    }
                    done.complete(reports);
                })));
        return done.future();
    }

    private void finish(Running r, InvocationPhase phase, String failedFunction, String message, double e2eMs,
                        Map<String, JsonNode> results, List<CleanupReport> reports) {
        Deployment d = r.deployed.deployment();
        List<FunctionRecord> records = new ArrayList<>();
        long bytesLocal = 0;
        long bytesRemote = 0;
        for (CleanupReport report : reports) {
            records.addAll(report.functions());
            bytesLocal += report.bytesLocal();
            bytesRemote += report.bytesRemote();
        }
        CriticalPath cp = CriticalPath.of(d.workflow(), records);
        double dataMs = records.stream().mapToDouble(FunctionRecord::dataMs).sum();
        String text = phase == InvocationPhase.FAILED && failedFunction != null && message != null
                && !message.startsWith(failedFunction) ? failedFunction + ": " + message : message;
        InvocationResult result = new InvocationResult(r.id(), d.name(), phase, failedFunction, text,
                r.startedAtMillis, System.currentTimeMillis(), e2eMs,
                phase == InvocationPhase.SUCCEEDED ? Math.max(0, e2eMs - cp.millis) : 0, dataMs,
                bytesLocal, bytesRemote, results, cp.functions, records);
        r.phase = phase;
        finished.put(r.id(), result);
        running.remove(r.id());
        // Results expire like their Redis keys do, so an unread invocation cannot pile up.
        vertx.setTimer(Math.max(1, config.resultTtlMillis()), t -> delete(r.id()));
        r.result.complete(result);
    }

    private Future<Map<String, JsonNode>> collectResults(Running r, Set<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, JsonNode> results = new LinkedHashMap<>();
        List<Future<Void>> reads = new ArrayList<>();
        for (String key : keys) {
            Promise<Void> p = Promise.promise();
            store.getAsync(r.id(), key).whenComplete((blob, err) -> context.runOnContext(v -> {
                if (err == null) {
                    results.put(key, describe(key, blob));
                }
                p.complete();
            }));
            reads.add(p.future());
        }
        return Future.all(reads).map(v -> results);
    }

    private static JsonNode describe(String key, Blob blob) {
        if (blob.size() > INLINE_RESULT_BYTES) {
            ObjectNode ref = Json.MAPPER.createObjectNode();
            ref.put("key", key);
            ref.put("bytes", blob.size());
            return ref;
        }
        String text = new String(blob.sharedArray(), StandardCharsets.UTF_8);
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }

    static String rootMessage(Throwable err) {
        Throwable t = err;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
