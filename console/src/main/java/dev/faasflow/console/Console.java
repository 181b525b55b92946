package dev.faasflow.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvocationSnapshot;
import dev.faasflow.coordinator.gateway.Authorized;
import dev.faasflow.coordinator.gateway.GatewayAuth;
import dev.faasflow.coordinator.gateway.Namespaces;
import dev.faasflow.grouping.Plan;
import dev.faasflow.pictures.PlanPicture;
import dev.faasflow.pictures.TimelinePicture;
import dev.faasflow.workflow.Workflow;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: a read-only page ({@code /console/}, its script and style inside this jar, nothing from a CDN) over
 * a small JSON API ({@code /console/api/...}): the installed workflows with their plans (as pictures), the
 * invocations the engine holds with phase, duration and failure, and one invocation's timeline. The API is behind the
 * gateway's authorization ({@code list} on invocations across namespaces): the page sends the token it was opened
 * with ({@code /console/#token=...}).
 */
public final class Console {
    static final int MAX_INVOCATIONS = 500;
    private final Coordinator coordinator;
    private final Namespaces namespaces;
    private final GatewayAuth auth;

    public Console(Coordinator coordinator, Namespaces namespaces, GatewayAuth auth) {
        this.coordinator = coordinator;
        this.namespaces = namespaces;
        this.auth = auth;
    }

    public void mount(Router router) {
        // The page's relative links need the slash (a route's path also matches it with one: hence the check).
        router.get("/console").handler(rc -> {
            if (rc.request().path().equals("/console")) {
                rc.redirect("/console/");
            } else {
                rc.next();
            }
        });
        router.route("/console/api/*").handler(Authorized.by(auth, rc -> new GatewayAuth.Access("", "list")));
        router.get("/console/api/workflows").handler(rc -> json(rc, workflows()));
        router.get("/console/api/workflows/:name/plan.svg").handler(this::planPicture);
        router.get("/console/api/invocations").handler(rc -> json(rc, invocations()));
        router.get("/console/api/invocations/:id/timeline.svg").handler(this::timeline);
        router.route("/console/*").handler(StaticHandler.create("dev/faasflow/console/assets")
                .setIndexPage("index.html").setCachingEnabled(false).setDefaultContentEncoding("UTF-8"));
    }

    private ArrayNode workflows() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String name : coordinator.workflowNames()) {
            Workflow wf = coordinator.workflow(name);
            Plan plan = coordinator.plan(name);
            if (wf == null || plan == null) {
                continue;
            }
            int[] edges = PlanPicture.edgesInMemory(wf, plan);
            out.addObject().put("engineName", name).put("namespace", namespaces.namespaceOf(name))
                    .put("name", namespaces.nameOf(name)).put("functions", wf.size()).put("groups", plan.groups().size())
                    .put("nodes", String.join(", ", plan.usedNodes())).put("edges", edges[1]).put("edgesInMemory", edges[0]);
        }
        return out;
    }

    private ArrayNode invocations() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (InvocationSnapshot s : coordinator.invocations(MAX_INVOCATIONS)) {
            ObjectNode o = out.addObject().put("id", s.id()).put("namespace", namespaces.namespaceOf(s.workflow()))
                    .put("workflow", namespaces.nameOf(s.workflow())).put("phase", s.phase().label());
            InvocationResult r = s.result();
            if (r != null) {
                o.put("e2eMs", r.e2eMs()).put("startedAtMillis", r.startedAtMillis())
                        .put("failedFunction", r.failedFunction()).put("message", r.message());
            }
        }
        return out;
    }

    private void planPicture(RoutingContext rc) {
        String name = rc.pathParam("name");
        Workflow wf = coordinator.workflow(name);
        Plan plan = coordinator.plan(name);
        if (wf == null || plan == null) {
            notFound(rc, "no workflow '" + name + "' is installed");
            return;
        }
        picture(rc, () -> PlanPicture.svg(wf, plan));
    }

    private void timeline(RoutingContext rc) {
        String id = rc.pathParam("id");
        InvocationResult r = coordinator.result(id);
        if (r == null) {
            notFound(rc, "no ended invocation '" + id + "' (running, deleted or expired)");
            return;
        }
        picture(rc, () -> TimelinePicture.svg(r));
    }

    private static void json(RoutingContext rc, Object body) {
        rc.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(body.toString());
    }

    /** Draws on a worker thread (a layout of a big DAG takes a while: never on the event loop), then answers. */
    private static void picture(RoutingContext rc, java.util.concurrent.Callable<String> draw) {
        rc.vertx().executeBlocking(draw, false).onComplete(ar -> {
            if (ar.failed()) {
                rc.response().setStatusCode(500).putHeader("content-type", "application/json")
                        .end(Json.MAPPER.createObjectNode().put("error", "cannot draw it: " + ar.cause().getMessage())
                                .toString());
                return;
            }
            rc.response().putHeader("content-type", "image/svg+xml").putHeader("cache-control", "no-store")
                    .end(ar.result());
        });
    }

    private static void notFound(RoutingContext rc, String message) {
        rc.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end(Json.MAPPER.createObjectNode().put("error", message).toString());
    }
}
