package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;


/**
 * The HTTP gateway for high invocation rates (no resource per call):
 * {@code POST /v1/workflows/{name}/invocations[?wait=true]}, {@code GET} and {@code DELETE /v1/invocations/{id}}.
 */
final class Gateway {
    private static final long BODY_LIMIT = 16L * 1024 * 1024;
    private final Coordinator coordinator;

    Gateway(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    void mount(Router router) {
        router.post("/v1/workflows/:name/invocations").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(this::create);
        router.get("/v1/invocations/:id").handler(this::get);
        router.delete("/v1/invocations/:id").handler(this::delete);
        router.route("/v1/*").failureHandler(rc -> {
            int code = rc.statusCode() > 0 ? rc.statusCode() : 500;
            String message = code == 413 ? "request body larger than " + BODY_LIMIT + " bytes"
                    : rc.failure() == null ? "request failed" : String.valueOf(rc.failure().getMessage());
            if (!rc.response().ended()) {
                error(rc, code, message);
            }
        });
    }

    private void create(RoutingContext rc) {
        InvocationRequest request;
        try {
            request = InvocationRequest.parse(rc.body().buffer() == null ? null : rc.body().buffer().getBytes(), InvokeOptions.defaults());
        } catch (InvalidInvocationException e) {
            error(rc, e.httpStatus(), e.getMessage());
            return;
        }
        boolean wait = "true".equals(rc.queryParams().get("wait"));
        InvocationHandle handle;
        try {
            handle = coordinator.invoke(rc.pathParam("name"), request.input(), request.options());
        } catch (InvalidInvocationException e) {
            error(rc, e.httpStatus(), e.getMessage());
            return;
        }
        if (!wait) {
            ObjectNode accepted = Json.MAPPER.createObjectNode();
            accepted.put("id", handle.id());
            accepted.put("phase", InvocationPhase.PENDING.name());
            rc.response().putHeader("location", "/v1/invocations/" + handle.id());
            send(rc, 202, accepted);
            return;
        }
        handle.result().whenComplete((r, err) -> {
            if (err != null) {
                error(rc, 500, Coordinator.rootMessage(err));
            } else {
                send(rc, 200, Json.MAPPER.valueToTree(r));
            }
        });
    }

    private void get(RoutingContext rc) {
        String id = rc.pathParam("id");
        InvocationResult done = coordinator.result(id);
        if (done != null) {
            send(rc, 200, Json.MAPPER.valueToTree(done));
            return;
        }
        InvocationPhase phase = coordinator.phase(id);
        if (phase == null) {
            error(rc, 404, "no invocation '" + id + "'");
            return;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("phase", phase.name());
        send(rc, 200, o);
    }

    private void delete(RoutingContext rc) {
        String id = rc.pathParam("id");
        coordinator.delete(id).whenComplete((deleted, err) -> {
            if (err != null) {
                error(rc, 503, Coordinator.rootMessage(err));
            } else if (!deleted) {
                error(rc, 404, "no invocation '" + id + "'");
            } else {
                rc.response().setStatusCode(204).end();
            }
        });
    }

    static void send(RoutingContext rc, int status, JsonNode body) {
        rc.vertx().runOnContext(v -> {
            if (!rc.response().ended()) {
                rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
            }
        });
    }

    static void error(RoutingContext rc, int status, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", message);
        send(rc, status, o);
    }
}
