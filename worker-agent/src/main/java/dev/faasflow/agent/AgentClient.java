package dev.faasflow.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.DeployRequest;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Outcome;
import dev.faasflow.agent.protocol.RunFunctionRequest;
import dev.faasflow.agent.protocol.Trigger;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;


/** HTTP calls to agents and to the coordinator's event endpoint. */
public final class AgentClient {
    private static final long CONTROL_TIMEOUT_MILLIS = 30_000;
    /** Pauses before re-sending a trigger that did not get through; agents count each edge once. */
    private static final long[] TRIGGER_RETRY_MILLIS = {50, 250, 1_000};
    private final Vertx vertx;
    private final WebClient client;

    public AgentClient(Vertx vertx, WebClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /**
     * Delivers one edge. A trigger that fails to get through (connection refused or reset, timeout, 5xx) is
     * sent again a few times: the receiving agent counts each edge once, so a repeat is harmless.
     */
    public Future<Void> trigger(String agentUrl, Trigger trigger) {
        return trigger(agentUrl + "/v1/invocations/" + trigger.invocation().id() + "/trigger", trigger, 0);
    }

    private Future<Void> trigger(String url, Trigger trigger, int attempt) {
        return client.postAbs(url).timeout(CONTROL_TIMEOUT_MILLIS).putHeader("content-type", "application/json")
                .sendBuffer(Agent.json(trigger)).transform(ar -> {
                    if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
                        return Future.<Void>succeededFuture();
                    }
                    boolean retriable = ar.failed() || ar.result().statusCode() >= 500;
                    String why = ar.failed() ? String.valueOf(ar.cause().getMessage())
                            : "HTTP " + ar.result().statusCode() + ": " + ar.result().bodyAsString();
                    if (!retriable || attempt >= TRIGGER_RETRY_MILLIS.length) {
                        return Future.<Void>failedFuture(why + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""));
                    }
                    Promise<Void> again = Promise.promise();
                    vertx.setTimer(TRIGGER_RETRY_MILLIS[attempt], t -> trigger(url, trigger, attempt + 1).onComplete(again));
                    return again.future();
                });
    }

    /** MasterSP: runs one function on its agent and answers how it went. */
    public Future<Outcome> run(String agentUrl, RunFunctionRequest request, long timeoutMillis) {
        return client.postAbs(agentUrl + "/v1/invocations/" + request.invocation().id() + "/run")
                .timeout(timeoutMillis).putHeader("content-type", "application/json")
                .sendBuffer(Agent.json(request)).compose(r -> parse(r, Outcome.class, agentUrl));
    }

    /** Ends the invocation on that node: drops its state and clears its node memory; reports what ran there. */
    public Future<CleanupReport> cleanup(String agentUrl, String invocation) {
        return client.postAbs(agentUrl + "/v1/invocations/" + invocation + "/cleanup").timeout(CONTROL_TIMEOUT_MILLIS)
                .send().compose(r -> parse(r, CleanupReport.class, agentUrl));
    }

    public Future<Void> deploy(String agentUrl, DeployRequest request) {
        return client.putAbs(agentUrl + "/v1/workflows/" + request.name()).timeout(CONTROL_TIMEOUT_MILLIS)
                .putHeader("content-type", "application/json").sendBuffer(Agent.json(request))
                .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("agent " + agentUrl + " refused workflow " + request.name() + ": "
                        + r.bodyAsString()));
    }

    /** A cheap liveness answer: what MasterSP's per-function probe of every worker asks. */
    public Future<Void> probe(String agentUrl) {
        return client.getAbs(agentUrl + "/v1/health").timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> r.statusCode() == 200 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("agent " + agentUrl + " answered HTTP " + r.statusCode()));
    }

    /** Removes a workflow from an agent; an agent that never had it is fine. */
    public Future<Void> undeploy(String agentUrl, String workflow) {
        return client.deleteAbs(agentUrl + "/v1/workflows/" + workflow).timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> r.statusCode() == 204 || r.statusCode() == 404 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("agent " + agentUrl + " could not drop workflow " + workflow + ": HTTP "
                        + r.statusCode()));
    }

    public Future<JsonNode> status(String agentUrl) {
        return client.getAbs(agentUrl + "/v1/status").timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> parse(r, JsonNode.class, agentUrl));
    }

    public Future<Void> event(String coordinatorUrl, String invocation, InvocationEvent event) {
        return post(coordinatorUrl + "/v1/invocations/" + invocation + "/events", event).mapEmpty();
    }

    private Future<HttpResponse<Buffer>> post(String url, Object body) {
        return client.postAbs(url).timeout(CONTROL_TIMEOUT_MILLIS).putHeader("content-type", "application/json")
                .sendBuffer(Agent.json(body)).compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture(r)
                        : Future.failedFuture("HTTP " + r.statusCode() + " from " + url + ": " + r.bodyAsString()));
    }

    private static <T> Future<T> parse(HttpResponse<Buffer> r, Class<T> type, String from) {
        if (r.statusCode() / 100 != 2) {
            return Future.failedFuture("HTTP " + r.statusCode() + " from " + from + ": " + r.bodyAsString());
        }
        try {
            return Future.succeededFuture(Json.MAPPER.readValue(r.body().getBytes(), type));
        } catch (Exception e) {
            return Future.failedFuture("unreadable answer from " + from + ": " + e.getMessage());
        }
    }
}
