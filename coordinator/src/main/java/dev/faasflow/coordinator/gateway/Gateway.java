package dev.faasflow.coordinator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvocationSnapshot;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.Futures;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.coordinator.trace.ChromeTrace;
import dev.faasflow.coordinator.trace.InvocationTrace;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The HTTP API for users, for high invocation rates (no resource per call), documented in
 * {@code docs/openapi.yaml} and served at {@code GET /openapi}:
 * <ul>
 *   <li>{@code POST /v1/namespaces/{ns}/workflows/{name}/invocations[?wait=true]} with
 *       {@code {"input": {...}, "timeoutSeconds": n, "timeScale": x, "generateMissingInputs": b,
 *       "keepIntermediates": b, "retryOf": id}}: 202 {@code {id, namespace, workflow, phase}}, or with
 *       {@code wait=true} 200 and the result; {@code retryOf} re-runs only what did not succeed in a failed
 *       invocation (404 unknown, 409 still running, succeeded or not kept)</li>
 *   <li>{@code GET /v1/namespaces/{ns}/invocations/{id}}: the result once ended, else {@code {id, ..., phase}}</li>
 *   <li>{@code DELETE /v1/namespaces/{ns}/invocations/{id}}: forgets it and its results; a running one is
 *       cancelled first</li>
 * </ul>
 * One class for both hosts: the operator mounts it on Quarkus' router, the embedded launcher on its own.
 */
public final class Gateway {
    /** Where the OpenAPI document (a copy of docs/openapi.yaml) is on the classpath. */
    public static final String OPENAPI_RESOURCE = "/dev/faasflow/coordinator/gateway/openapi.yaml";
    private static final long BODY_LIMIT = 16L * 1024 * 1024;
    /** The request's event loop, noted when it arrives: answers go back there. */
    private static final String CONTEXT_KEY = "faasflow.gateway.context";

    private final Coordinator coordinator;
    private final Namespaces namespaces;
    private final InvokeOptions defaults;
    private final GatewayAuth auth;
    private final String openApi;

    /**
     * @param defaults the options of a request that names none (its timeout, above all)
     * @param auth     who may call it ({@link GatewayAuth#open()}: everyone)
     */
    public Gateway(Coordinator coordinator, Namespaces namespaces, InvokeOptions defaults, GatewayAuth auth) {
        this.coordinator = coordinator;
        this.namespaces = namespaces;
        this.defaults = defaults;
        this.auth = auth;
        this.openApi = openApiDocument();
    }

    /** The gateway's OpenAPI document. */
    public static String openApiDocument() {
        try (InputStream in = Gateway.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void mount(Router router) {
        router.route("/v1/namespaces/*").handler(rc -> {
            rc.put(CONTEXT_KEY, Vertx.currentContext());
            rc.next();
        });
        // Who may call is decided before a body is read; the body handler resumes the request afterwards.
        router.post("/v1/namespaces/:ns/workflows/:name/invocations").handler(allowed("create"))
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::create);
        router.get("/v1/namespaces/:ns/invocations/:id").handler(allowed("get")).handler(this::get);
        router.get("/v1/namespaces/:ns/invocations/:id/trace").handler(allowed("get")).handler(this::trace);
        router.delete("/v1/namespaces/:ns/invocations/:id").handler(allowed("delete")).handler(this::delete);
        router.get("/openapi").handler(rc -> rc.response().putHeader("content-type", "application/yaml").end(openApi));
        // Whatever else reaches the gateway's paths is answered in its JSON too (not the router's HTML page).
        router.route("/v1/*").last().handler(Gateway::unknown);
        router.route("/openapi").last().handler(Gateway::unknown);
        router.route("/v1/*").failureHandler(rc -> {
            int code = rc.statusCode() > 0 ? rc.statusCode() : 500;
            String message = code == 413 ? "request body larger than " + BODY_LIMIT + " bytes"
                    : rc.failure() == null ? "request failed" : String.valueOf(rc.failure().getMessage());
            if (!rc.response().ended()) {
                rc.response().setStatusCode(code).putHeader("content-type", "application/json")
                        .end(errorBody(message).toString());
            }
        });
    }

    /** The authorization of the routes that {@code verb} invocations in the path's namespace. */
    private io.vertx.ext.web.handler.PlatformHandler allowed(String verb) {
        return Authorized.by(auth, rc -> new GatewayAuth.Access(rc.pathParam("ns"), verb));
    }

    private static final java.util.regex.Pattern INVOCATIONS = java.util.regex.Pattern.compile(
            "/v1/namespaces/[^/]+/workflows/[^/]+/invocations/?");
    private static final java.util.regex.Pattern INVOCATION = java.util.regex.Pattern.compile(
            "/v1/namespaces/[^/]+/invocations/[^/]+/?");
    private static final java.util.regex.Pattern TRACE = java.util.regex.Pattern.compile(
            "/v1/namespaces/[^/]+/invocations/[^/]+/trace/?");

    /** A name, id or path from the request as a message shows it: at most 200 characters. */
    private static String shown(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " characters)" : s;
    }

    /** A path the gateway does not serve (404), or a method its path does not take (405, with Allow). */
    private static void unknown(RoutingContext rc) {
        String path = rc.request().path() == null ? "" : rc.request().path();
        String allowed = INVOCATIONS.matcher(path).matches() ? "POST"
                : INVOCATION.matcher(path).matches() ? "GET, DELETE"
                : TRACE.matcher(path).matches() ? "GET"
                : path.equals("/openapi") ? "GET" : null;
        String shown = shown(path);
        if (allowed == null) {
            error(rc, 404, "no such endpoint: " + shown + " (see /openapi)");
        } else {
            rc.response().putHeader("allow", allowed);
            error(rc, 405, "method " + rc.request().method() + " not allowed on " + shown + " (allowed: " + allowed + ")");
        }
    }

    private void create(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("name");
        String engineName = namespaces.engineName(ns, name);
        if (engineName == null) {
            error(rc, 404, "no namespace '" + shown(ns) + "' here: this gateway serves " + namespaces.served());
            return;
        }
        if (!coordinator.isDeployed(engineName)) {
            error(rc, 404, "no workflow '" + shown(name) + "' in namespace '" + shown(ns) + "' (it does not exist or is not Ready)");
            return;
        }
        InvocationRequest request;
        try {
            request = InvocationRequest.parse(rc.body().buffer() == null ? null : rc.body().buffer().getBytes(), defaults);
        } catch (InvalidInvocationException e) {
            error(rc, e.httpStatus(), e.getMessage());
            return;
        }
        boolean wait = "true".equals(rc.queryParams().get("wait"));
        coordinator.submit(engineName, request.input(), request.options()).whenComplete((handle, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (cause instanceof InvalidInvocationException e) {
                    error(rc, e.httpStatus(), e.getMessage());
                } else {
                    error(rc, 500, String.valueOf(cause.getMessage()));
                }
                return;
            }
            if (!wait) {
                rc.response().putHeader("location", "/v1/namespaces/" + ns + "/invocations/" + handle.id());
                send(rc, 202, summary(handle.id(), engineName, InvocationPhase.PENDING));
                return;
            }
            handle.result().whenComplete((r, err) -> {
                if (err != null) {
                    error(rc, 500, String.valueOf(Futures.unwrap(err).getMessage()));
                } else {
                    send(rc, 200, view(r));
                }
            });
        });
    }

    private void get(RoutingContext rc) {
        find(rc, s -> send(rc, 200, s.result() != null ? view(s.result()) : summary(s.id(), s.workflow(), s.phase())));
    }

    /**
     * An ended invocation's trace ({@link InvocationTrace}), or with {@code format=chrome} its function attempts as a
     * Chrome trace-event file (Perfetto); 409 while it has not ended, 404 when there is no such invocation here.
     */
    private void trace(RoutingContext rc) {
        String format = rc.queryParams().get("format") == null ? "json" : rc.queryParams().get("format");
        if (!format.equals("json") && !format.equals("chrome")) {
            error(rc, 400, "format '" + shown(format) + "' is not one of json, chrome");
            return;
        }
        find(rc, s -> {
            if (s.result() == null) {
                error(rc, 409, "invocation '" + s.id() + "' is " + s.phase().label()
                        + ": its trace is there once it has ended");
                return;
            }
            ObjectNode body = format.equals("chrome") ? ChromeTrace.of(java.util.List.of(s.result()))
                    : InvocationTrace.of(s.result());
            if (format.equals("json")) {
                body.put("namespace", namespaces.namespaceOf(s.result().workflow()));
                body.put("workflow", namespaces.nameOf(s.result().workflow()));
            }
            send(rc, 200, body);
        });
    }

    private void delete(RoutingContext rc) {
        find(rc, s -> coordinator.delete(s.id()).whenComplete((deleted, err) -> {
            if (err != null) {
                error(rc, 503, String.valueOf(Futures.unwrap(err).getMessage()));
            } else if (!deleted) {
                notFound(rc, s.id(), rc.pathParam("ns"));
            } else {
                send(rc, 204, null);
            }
        }));
    }

    /**
     * The invocation of the path (also one only the records know, such as one that ended before a restart), when it
     * belongs to the path's namespace; else answers 404.
     */
    private void find(RoutingContext rc, java.util.function.Consumer<InvocationSnapshot> then) {
        String ns = rc.pathParam("ns");
        String id = rc.pathParam("id");
        coordinator.lookup(id).whenComplete((s, err) -> {
            if (err != null) {
                error(rc, 503, String.valueOf(Futures.unwrap(err).getMessage()));
            } else if (s == null || !ns.equals(namespaces.namespaceOf(s.workflow()))) {
                notFound(rc, id, ns);
            } else {
                then.accept(s);
            }
        });
    }

    private void notFound(RoutingContext rc, String id, String ns) {
        error(rc, 404, "no invocation '" + shown(id) + "' in namespace '" + shown(ns) + "'");
    }

    private ObjectNode summary(String id, String engineName, InvocationPhase phase) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id);
        o.put("namespace", namespaces.namespaceOf(engineName));
        o.put("workflow", namespaces.nameOf(engineName));
        o.put("phase", phase.label());
        return o;
    }

    /** The engine's result, with the workflow named as the caller named it. */
    private JsonNode view(InvocationResult r) {
        ObjectNode o = Json.MAPPER.valueToTree(r);
        o.put("namespace", namespaces.namespaceOf(r.workflow()));
        o.put("workflow", namespaces.nameOf(r.workflow()));
        return o;
    }

    private static ObjectNode errorBody(String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", message);
        return o;
    }

    private static void error(RoutingContext rc, int status, String message) {
        send(rc, status, errorBody(message));
    }

    /** Answers on the request's own event loop, whichever thread the engine completed on. */
    private static void send(RoutingContext rc, int status, JsonNode body) {
        onRequestContext(rc, () -> {
            if (rc.response().ended()) {
                return;
            }
            rc.response().setStatusCode(status);
            if (body == null) {
                rc.response().end();
            } else {
                rc.response().putHeader("content-type", "application/json").end(body.toString());
            }
        });
    }

    private static void onRequestContext(RoutingContext rc, Runnable action) {
        Context requestContext = rc.get(CONTEXT_KEY);
        if (requestContext == null || Vertx.currentContext() == requestContext) {
            action.run();
        } else {
            requestContext.runOnContext(v -> action.run());
        }
    }
}
