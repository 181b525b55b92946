package dev.faasflow.operator;

import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.coordinator.gateway.Gateway;
import dev.faasflow.coordinator.gateway.Namespaces;
import dev.faasflow.crds.Resources;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import io.vertx.core.Vertx;
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
    Vertx vertx;

    void mount(@Observes Router router) {
        // Quarkus closes idle connections itself (quarkus.http.idle-timeout); slow bodies are cut here.
        SlowClientGuard.protectBodies(vertx, router, ServerTimeouts.fromEnvironment());
        InvokeOptions defaults = InvokeOptions.defaults()
                .withTimeoutMillis(runtime.settings().defaultTimeoutSeconds() * 1000);
        new Gateway(runtime.engine().coordinator(), NAMESPACES, defaults).mount(router);
    }
}
