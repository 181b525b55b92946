package dev.faasflow.operator;

import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.coordinator.gateway.ApiKeys;
import dev.faasflow.coordinator.gateway.Gateway;
import dev.faasflow.coordinator.gateway.GatewayAuth;
import dev.faasflow.operator.gateway.KubernetesReviews;
import dev.faasflow.coordinator.gateway.Namespaces;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.crds.Resources;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import io.vertx.core.Vertx;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.operator.ha.Leadership;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Mounts the engine's {@link Gateway} on the operator's HTTP port (Quarkus' router), for the workflows of every
 * namespace; an invocation without a timeout gets {@code faasflow.invocation.default-timeout-seconds}.
 */
@ApplicationScoped
public class GatewayRoutes {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(GatewayRoutes.class);
    /** TokenReviews and SubjectAccessReviews block on the API server: never on the event loop. */
    private static final java.util.concurrent.ExecutorService REVIEWS = java.util.concurrent.Executors.newFixedThreadPool(4,
            r -> {
                Thread t = new Thread(r, "faasflow-gateway-reviews");
                t.setDaemon(true);
                return t;
            });
    /** Engine names are {@code namespace.name} ({@link Resources#engineName}). */
    static final Namespaces NAMESPACES = new Namespaces() {
        @Override
        public String engineName(String namespace, String name) {
            return Resources.engineName(namespace, name);
        }

        @Override
        public String namespaceOf(String engineName) {
            return Resources.namespaceOf(engineName);
        }

        @Override
        public String nameOf(String engineName) {
            return Resources.nameOf(engineName);
        }
    };

    @Inject
    OperatorRuntime runtime;
    @Inject
    Leadership leadership;

    @Inject
    Vertx vertx;
    @Inject
    OperatorConfig config;
    @Inject
    io.fabric8.kubernetes.client.KubernetesClient client;

    void mount(@Observes Router router) {
        // Quarkus closes idle connections itself (quarkus.http.idle-timeout); slow bodies are cut here.
        SlowClientGuard.protectBodies(vertx, router, ServerTimeouts.fromEnvironment());
        InvokeOptions defaults = InvokeOptions.defaults()
                .withTimeoutMillis(runtime.settings().defaultTimeoutSeconds() * 1000);
        // Only the leader runs invocations; a standby says which replica does (the operator Service selects the
        // leader, so this is for callers that reach a pod directly).
        router.route("/v1/*").handler(rc -> {
            if (leadership.leading()) {
                rc.next();
                return;
            }
            ObjectNode body = WorkflowManifests.JSON.createObjectNode();
            String leader = leadership.leader();
            body.put("error", "this operator replica (" + leadership.identity() + ") is a standby; "
                    + (leader == null || leader.isBlank() ? "no leader is known yet, retry shortly"
                    : "the leader is " + leader));
            body.put("leader", leader);
            body.put("leaderUrl", leadership.leaderUrl());
            rc.response().setStatusCode(503).putHeader("retry-after", "2")
                    .putHeader("content-type", "application/json").end(body.toString());
        });
        GatewayAuth auth = auth(config.gateway());
        new Gateway(runtime.engine().coordinator(), NAMESPACES, defaults, auth).mount(router);
        // The web console, behind the same authorization (list on invocations in every namespace).
        new dev.faasflow.console.Console(runtime.engine().coordinator(), NAMESPACES, auth).mount(router);
    }

    /** Who may call: the API server's word on a token (or one of the API keys), unless turned off on purpose. */
    GatewayAuth auth(OperatorConfig.Gateway gateway) {
        String keys = gateway.apiKeys().orElse("");
        return switch (gateway.authentication().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "kubernetes" -> ApiKeys.parse(keys, new KubernetesReviews(client, REVIEWS,
                    java.time.Duration.ofSeconds(gateway.reviewCacheSeconds())));
            case "none" -> {
                LOG.warn("faasflow.gateway.authentication=none: anyone who reaches the gateway may start, read and"
                        + " cancel invocations in every namespace");
                yield GatewayAuth.open();
            }
            default -> throw new IllegalArgumentException("faasflow.gateway.authentication must be kubernetes or none, got '"
                    + gateway.authentication() + "'");
        };
    }
}
