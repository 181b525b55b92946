package dev.faasflow.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.protocol.CleanupReport;
import dev.faasflow.agent.protocol.DeployRequest;
import dev.faasflow.agent.protocol.InvocationEvent;
import dev.faasflow.agent.protocol.InvocationInfo;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Outcome;
import dev.faasflow.agent.protocol.RunFunctionRequest;
import dev.faasflow.agent.protocol.Trigger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;


/** HTTP calls to agents and to the coordinator's event endpoint. */
public final class AgentClient {
    private static final long CONTROL_TIMEOUT_MILLIS = 30_000;
    /**
     * Re-sending a trigger that did not get through: agents count each edge once, so a repeat is harmless. Pauses from
     * 50 ms doubling to at most 1 s (±25 %), for as long as an agent takes to restart ({@link #TRIGGER_PATIENCE}) and
     * never past the invocation's deadline.
     */
    static final Retry.Policy TRIGGER_RETRY = new Retry.Policy(Duration.ofMillis(50), Duration.ofSeconds(1), 0.25, -1,
            Duration.ofSeconds(20));
    /** How long a trigger is sent again at most: an agent's process restarting and getting its deployments back. */
    static final Duration TRIGGER_PATIENCE = TRIGGER_RETRY.deadline();
    /**
     * Re-sending an event until the coordinator acknowledges it: it may be restarting or recovering (503), or a new
     * one may be taking over. Pauses from 100 ms doubling to at most 5 s (±25 %), as long as the invocation can
     * still end (its deadline and the agent's grace); the coordinator counts each event once.
     */
    static final Retry.Policy EVENT_RETRY = new Retry.Policy(Duration.ofMillis(100), Duration.ofSeconds(5), 0.25, -1,
            Duration.ofSeconds(30));
    private final Vertx vertx;
    private final WebClient client;
    private final ClusterKey key;

    /** A client whose calls carry no cluster key: for agents and coordinators that ask for none. */
    public AgentClient(Vertx vertx, WebClient client) {
        this(vertx, client, ClusterKey.none());
    }

    /** A client whose every call carries {@code key}. */
    public AgentClient(Vertx vertx, WebClient client, ClusterKey key) {
        this.vertx = vertx;
        this.client = client;
        this.key = key;
    }

    private HttpRequest<Buffer> post(String url) {
        return key.sign(client.postAbs(url));
    }

    private HttpRequest<Buffer> put(String url) {
        return key.sign(client.putAbs(url));
    }

    private HttpRequest<Buffer> get(String url) {
        return key.sign(client.getAbs(url));
    }

    private HttpRequest<Buffer> delete(String url) {
        return key.sign(client.deleteAbs(url));
    }

    /**
     * Delivers one edge. A trigger that fails to get through (connection refused or reset, timeout, 5xx) is
     * sent again ({@link #TRIGGER_RETRY}, within the invocation's deadline); a 4xx answer is a refusal and final at once.
     */
    public Future<Void> trigger(String agentUrl, Trigger trigger) {
        String url = agentUrl + "/v1/invocations/" + trigger.invocation().id() + "/trigger";
        Buffer body = Agent.json(trigger);
        return Retry.call(vertx, triggerRetry(trigger.invocation().deadlineEpochMillis(), System.currentTimeMillis()),
                () -> post(url).timeout(CONTROL_TIMEOUT_MILLIS)
                .putHeader("content-type", "application/json").sendBuffer(body)
                .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new HttpStatusException(r.statusCode(), r.bodyAsString()))),
                failure -> !(failure instanceof HttpStatusException h) || h.status() >= 500);
    }

    /** The trigger policy for an invocation due at {@code deadline} (epoch millis; 0 or less: none given). */
    static Retry.Policy triggerRetry(long deadline, long now) {
        if (deadline <= 0) {
            return TRIGGER_RETRY;
        }
        long left = Math.max(1, Math.min(deadline - now, TRIGGER_PATIENCE.toMillis()));
        return TRIGGER_RETRY.withDeadline(Duration.ofMillis(left));
    }

    /** A non-2xx answer. */
    static final class HttpStatusException extends RuntimeException {
        private final int status;

        HttpStatusException(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** MasterSP: runs one function on its agent and answers how it went. */
    public Future<Outcome> run(String agentUrl, RunFunctionRequest request, long timeoutMillis) {
        return post(agentUrl + "/v1/invocations/" + request.invocation().id() + "/run")
                .timeout(timeoutMillis).putHeader("content-type", "application/json")
                .sendBuffer(Agent.json(request)).compose(r -> parse(r, Outcome.class, agentUrl));
    }

    /** Ends the invocation on that node: drops its state and clears its node memory; reports what ran there. */
    public Future<CleanupReport> cleanup(String agentUrl, String invocation) {
        return cleanup(agentUrl, invocation, false);
    }

    /**
     * The same; with {@code keepIntermediates} the node's memory of the invocation is moved to the remote tier
     * instead of dropped (a failed invocation kept for a retry).
     */
    public Future<CleanupReport> cleanup(String agentUrl, String invocation, boolean keepIntermediates) {
        return post(agentUrl + "/v1/invocations/" + invocation + "/cleanup"
                        + (keepIntermediates ? "?keep=intermediates" : "")).timeout(CONTROL_TIMEOUT_MILLIS)
                .send().compose(r -> parse(r, CleanupReport.class, agentUrl));
    }

    public Future<Void> deploy(String agentUrl, DeployRequest request) {
        return put(agentUrl + "/v1/workflows/" + request.name()).timeout(CONTROL_TIMEOUT_MILLIS)
                .putHeader("content-type", "application/json").sendBuffer(Agent.json(request))
                .compose(r -> r.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("agent " + agentUrl + " refused workflow " + request.name() + ": "
                        + r.bodyAsString()));
    }

    /** A cheap liveness answer: what MasterSP's per-function probe of every worker asks. */
    public Future<Void> probe(String agentUrl) {
        return get(agentUrl + "/v1/health").timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> r.statusCode() == 200 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("agent " + agentUrl + " answered HTTP " + r.statusCode()));
    }

    /** Removes a workflow from an agent; an agent that never had it is fine. */
    public Future<Void> undeploy(String agentUrl, String workflow) {
        return delete(agentUrl + "/v1/workflows/" + workflow).timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> r.statusCode() == 204 || r.statusCode() == 404 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("agent " + agentUrl + " could not drop workflow " + workflow + ": HTTP "
                        + r.statusCode()));
    }

    public Future<JsonNode> status(String agentUrl) {
        return get(agentUrl + "/v1/status").timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> parse(r, JsonNode.class, agentUrl));
    }

    /**
     * Reports an event and retries it ({@link #EVENT_RETRY}) until the coordinator acknowledges it (2xx: true), says
     * the invocation is over (410: false, nothing more to do), refuses it (another 4xx: failed), or
     * {@code giveUpAtEpochMillis} passes (failed with the last error).
     */
    public Future<Boolean> event(String coordinatorUrl, String invocation, InvocationEvent event, long giveUpAtEpochMillis) {
        String url = coordinatorUrl + "/v1/invocations/" + invocation + "/events";
        Buffer body = Agent.json(event);
        long left = Math.max(1, giveUpAtEpochMillis - System.currentTimeMillis());
        return Retry.call(vertx, EVENT_RETRY.withDeadline(Duration.ofMillis(left)), () -> post(url)
                        .timeout(Math.min(CONTROL_TIMEOUT_MILLIS, Math.max(1_000, left)))
                        .putHeader("content-type", "application/json").sendBuffer(body)
                        .compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture(true)
                                : r.statusCode() == 410 ? Future.succeededFuture(false)
                                : Future.<Boolean>failedFuture(new HttpStatusException(r.statusCode(), r.bodyAsString()))),
                failure -> !(failure instanceof HttpStatusException h) || h.status() >= 500 || h.status() == 429);
    }

    /** What an agent holds of an invocation ({@code held} false when it holds nothing). */
    public Future<InvocationInfo> invocation(String agentUrl, String invocation) {
        return get(agentUrl + "/v1/invocations/" + invocation).timeout(CONTROL_TIMEOUT_MILLIS).send()
                .compose(r -> r.statusCode() == 404 && r.getHeader("content-type") != null
                        ? parseBody(r, InvocationInfo.class, agentUrl) : parse(r, InvocationInfo.class, agentUrl));
    }

    private static <T> Future<T> parse(HttpResponse<Buffer> r, Class<T> type, String from) {
        if (r.statusCode() / 100 != 2) {
            return Future.failedFuture("HTTP " + r.statusCode() + " from " + from + ": " + r.bodyAsString());
        }
        return parseBody(r, type, from);
    }

    private static <T> Future<T> parseBody(HttpResponse<Buffer> r, Class<T> type, String from) {
        try {
            return Future.succeededFuture(Json.MAPPER.readValue(r.body().getBytes(), type));
        } catch (Exception e) {
            return Future.failedFuture("unreadable answer from " + from + ": " + e.getMessage());
        }
    }
}
