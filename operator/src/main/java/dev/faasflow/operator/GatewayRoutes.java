package dev.faasflow.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationRequest;
import dev.faasflow.coordinator.InvocationPhase;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.crds.Resources;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The HTTP gateway for high invocation rates (no resource per call), on the operator's HTTP port:
 * <ul>
 *   <li>{@code POST /v1/namespaces/{ns}/workflows/{name}/invocations[?wait=true]} with
 *       {@code {"input": {...}, "timeoutSeconds": n, "generateMissingInputs": b, "timeScale": x}}:
 *       202 {@code {id, phase}} (or, waiting, 200 with the result)</li>
 *   <li>{@code GET /v1/namespaces/{ns}/invocations/{id}}: the result once ended, else {@code {id, phase}}</li>
 *   <li>{@code DELETE /v1/namespaces/{ns}/invocations/{id}}: forgets a finished invocation and its results</li>
 * </ul>
 */
@ApplicationScoped
public class GatewayRoutes {
    private static final long BODY_LIMIT = 16L * 1024 * 1024;

    @Inject
    OperatorRuntime runtime;

    void mount(@Observes Router router) {
        router.post("/v1/namespaces/:ns/workflows/:name/invocations")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::create);
        router.get("/v1/namespaces/:ns/invocations/:id").handler(this::get);
        router.delete("/v1/namespaces/:ns/invocations/:id").handler(this::delete);
    }

    private void create(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("name");
        String engineName = Resources.engineName(ns, name);
        if (!runtime.workflows().isDeployed(engineName)) {
            error(rc, 404, "workflow " + name + " in namespace " + ns + " does not exist or is not Ready");
            return;
        }
        InvocationRequest request;
        try {
            request = InvocationRequest.parse(rc.body().buffer() == null ? null : rc.body().buffer().getBytes(), InvokeOptions.defaults()
                    .withTimeoutMillis(runtime.settings().defaultTimeoutSeconds() * 1000));
        } catch (InvalidInvocationException e) {
            error(rc, e.httpStatus(), e.getMessage());
            return;
        }
        InvocationHandle handle;
        try {
            handle = coordinator().invoke(engineName, request.input(), request.options());
        } catch (InvalidInvocationException e) {
            error(rc, e.httpStatus(), e.getMessage());
            return;
        }
        if (!"true".equals(rc.queryParams().get("wait"))) {
            ObjectNode accepted = Json.MAPPER.createObjectNode();
            accepted.put("id", handle.id());
            accepted.put("workflow", name);
            accepted.put("namespace", ns);
            accepted.put("phase", InvocationPhase.PENDING.label());
            rc.response().putHeader("location", "/v1/namespaces/" + ns + "/invocations/" + handle.id());
            send(rc, 202, accepted);
            return;
        }
        handle.result().whenComplete((r, err) -> {
            if (err != null) {
                error(rc, 500, err.getMessage());
            } else {
                send(rc, 200, view(r));
            }
        });
    }

    private void get(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String id = rc.pathParam("id");
        InvocationResult done = coordinator().result(id);
        if (done != null) {
            if (!inNamespace(done, ns)) {
                error(rc, 404, "no invocation '" + id + "' in namespace " + ns);
                return;
            }
            send(rc, 200, view(done));
            return;
        }
        InvocationPhase phase = coordinator().phase(id);
        if (phase == null) {
            error(rc, 404, "no invocation '" + id + "' in namespace " + ns);
            return;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("phase", phase.label());
        send(rc, 200, o);
    }

    private void delete(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String id = rc.pathParam("id");
        InvocationResult done = coordinator().result(id);
        if (done == null || !inNamespace(done, ns)) {
            error(rc, 404, "no finished invocation '" + id + "' in namespace " + ns);
            return;
        }
        coordinator().delete(id).whenComplete((deleted, err) -> {
            if (err != null) {
                error(rc, 503, err.getMessage());
            } else {
                rc.vertx().runOnContext(v -> rc.response().setStatusCode(204).end());
            }
        });
    }

    private static boolean inNamespace(InvocationResult r, String ns) {
        return r.workflow() != null && r.workflow().startsWith(ns + ".");
    }

    /** The engine's result with the phase as the Invocation resource spells it and the workflow's own name. */
    private static JsonNode view(InvocationResult r) {
        ObjectNode o = Json.MAPPER.valueToTree(r);
        o.put("phase", r.phase().label());
        int dot = r.workflow() == null ? -1 : r.workflow().indexOf('.');
        if (dot > 0) {
            o.put("namespace", r.workflow().substring(0, dot));
            o.put("workflow", r.workflow().substring(dot + 1));
        }
        return o;
    }

    private Coordinator coordinator() {
        return runtime.engine().coordinator();
    }


    private static void send(RoutingContext rc, int status, JsonNode body) {
        rc.vertx().runOnContext(v -> {
            if (!rc.response().ended()) {
                rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
            }
        });
    }

    private static void error(RoutingContext rc, int status, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", message);
        send(rc, status, o);
    }
}
