package dev.faasflow.agent.testing;

import dev.faasflow.contract.ContractJson;
import dev.faasflow.contract.ContractViolation;
import dev.faasflow.contract.RunError;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.contract.RunResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small function runtime for tests, speaking the function contract over HTTP on loopback: it reads the run
 * request with the contract's records, sleeps {@code runtimeSeconds × timeScale}, writes every declared output
 * through the store endpoint the request names, and answers a {@link RunResponse}. A function whose source is
 * {@code fail} answers 500 instead; {@code flaky-N} answers 500 to its first N runs (per instance, counted over every
 * invocation this runtime served) and then works; {@code slow-once} sleeps only on its first run (a retry after a
 * timeout is quick). An output of type {@code keys} is a list of {@code input.width} elements
 * (3 when not given): {@code ["e0", "e1", ...]}; every other output is the JSON string of the run's name.
 * A run of a function named in the global input {@code hold} (a list of names) hangs until {@link #releaseHeld()},
 * and then answers without writing anything.
 */
public final class TinyRuntime implements AutoCloseable {
    private final Vertx vertx;
    private final WebClient client;
    private final HttpServer server;
    private final List<RunRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    /** Runs so far per function and instance. */
    private final java.util.Map<String, Integer> runs = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();

    private TinyRuntime(Vertx vertx, WebClient client, HttpServer server) {
        this.vertx = vertx;
        this.client = client;
        this.server = server;
    }

    public static TinyRuntime start(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        WebClient client = WebClient.create(vertx);
        TinyRuntime[] self = new TinyRuntime[1];
        router.post("/v1/run").handler(BodyHandler.create(false)).handler(rc -> self[0].run(rc));
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        self[0] = new TinyRuntime(vertx, client, server);
        return self[0];
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Every request received, in arrival order. */
    public List<RunRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests for one function, in arrival order. */
    public List<RunRequest> requestsFor(String function) {
        return requests.stream().filter(r -> r.function().equals(function)).toList();
    }

    /** Runs in progress now. */
    public int running() {
        return running.get();
    }

    /** Runs hanging now (see the class comment). */
    public int held() {
        return held.size();
    }

    /** Lets every hanging run answer. */
    public void releaseHeld() {
        List<Promise<Void>> now = List.copyOf(held);
        held.clear();
        now.forEach(Promise::tryComplete);
    }

    /** The most runs that were in progress at once. */
    public int maxConcurrentRuns() {
        return maxRunning.get();
    }

    private void run(RoutingContext rc) {
        RunRequest request;
        try {
            request = RunRequest.parse(ContractJson.MAPPER.readTree(rc.body().buffer().getBytes()));
        } catch (ContractViolation e) {
            answer(rc, 400, new RunError(e.getMessage(), e.field()));
            return;
        } catch (Exception e) {
            answer(rc, 400, new RunError("bad request: " + e.getMessage(), "$"));
            return;
        }
        requests.add(request);
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        long started = System.nanoTime();
        int run = runs.merge(request.function() + "/" + request.instance(), 1, Integer::sum);
        String source = request.source() == null ? "" : request.source();
        boolean fails = source.equals("fail")
                || source.startsWith("flaky-") && run <= Integer.parseInt(source.substring("flaky-".length()));
        long sleepMs = source.equals("slow-once") && run > 1 ? 0
                : Math.round(request.runtimeSeconds() * request.timeScale() * 1000);
        Promise<Void> slept = Promise.promise();
        boolean hold = false;
        for (com.fasterxml.jackson.databind.JsonNode name : request.input().path("hold")) {
            hold |= name.asText().equals(request.function());
        }
        if (hold) {
            Promise<Void> release = Promise.promise();
            held.add(release);
            release.future().onComplete(ar -> {
                running.decrementAndGet();
                long now = System.currentTimeMillis() * 1000;
                answer(rc, 200, new RunResponse(request.function(), request.instance(), "tiny", 0, 0, 0, 0, 0, 0, now, now));
            });
            return;
        }
        if (sleepMs > 0) {
            vertx.setTimer(sleepMs, t -> slept.complete());
        } else {
            slept.complete();
        }
        slept.future().compose(v -> fails
                ? Future.failedFuture(request.displayName() + ": failed on purpose (run " + run + ")") : writeOutputs(request))
                .onComplete(ar -> {
                    running.decrementAndGet();
                    if (ar.failed()) {
                        answer(rc, 500, new RunError(ar.cause().getMessage()));
                        return;
                    }
                    double ms = (System.nanoTime() - started) / 1e6;
                    long now = System.currentTimeMillis() * 1000;
                    answer(rc, 200, new RunResponse(request.function(), request.instance(), "tiny", ms, 0, 0,
                            request.outputs().size(), 0, 0, now - Math.round(ms * 1000), now));
                });
    }

    private Future<Void> writeOutputs(RunRequest request) {
        List<Future<?>> puts = new ArrayList<>();
        for (RunRequest.Output out : request.outputs()) {
            String key = out.name() + (request.instance() == null ? "" : "#" + request.instance());
            String value;
            if ("keys".equals(out.type())) {
                int width = request.input().path("width").asInt(3);
                List<String> elements = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    elements.add("e" + i);
                }
                value = ContractJson.MAPPER.valueToTree(elements).toString();
            } else {
                value = "\"" + request.displayName() + "\"";
            }
            String url = request.store() + "/v1/store/" + request.invocation() + "/" + encode(key)
                    + (request.destination() == null ? "" : "?destination=" + encode(request.destination()));
            var put = client.putAbs(url);
            if (request.storeToken() != null) {
                put.putHeader("Authorization", "Bearer " + request.storeToken());
            }
            puts.add(put.sendBuffer(Buffer.buffer(value)).compose(r -> r.statusCode() / 100 == 2
                    ? Future.succeededFuture() : Future.failedFuture("store answered " + r.statusCode() + " for " + key)));
        }
        return Future.all(puts).mapEmpty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void answer(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Buffer.buffer(ContractJson.write(body)));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
