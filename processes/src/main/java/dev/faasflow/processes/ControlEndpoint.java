package dev.faasflow.processes;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.faastore.Futures;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The launcher's side door into a coordinator process, on the gateway's port beside the users' API (which
 * stays the one {@code Gateway}): {@code PUT /v1/deployments/{name}} installs a {@link ClusterDeployment} (what
 * the operator's Workflow reconciler does on Kubernetes) and keeps it in the state directory, so a restarted
 * coordinator installs it again before it reports ready; {@code GET /v1/status} says how many invocations are in
 * flight and which workflows are installed.
 */
final class ControlEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ControlEndpoint.class);
    private static final long BODY_LIMIT = 64L * 1024 * 1024;

    private final Coordinator coordinator;
    private final Path dir;
    private final Set<String> installed = ConcurrentHashMap.newKeySet();

    ControlEndpoint(Coordinator coordinator, Path stateDir) throws IOException {
        this.coordinator = coordinator;
        this.dir = Files.createDirectories(stateDir.resolve("deployments"));
    }

    /** Mounts the control routes, which only the launcher may call: with the cluster key. */
    void mount(Router router, ClusterKey key) {
        router.put("/v1/deployments/:name").handler(key.guard()).handler(BodyHandler.create(false)
                .setBodyLimit(BODY_LIMIT)).handler(this::put);
        router.get("/v1/status").handler(key.guard()).handler(rc -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("inFlight", coordinator.inFlight());
            s.put("workflows", List.copyOf(installed));
            rc.response().putHeader("content-type", "application/json").end(Json.MAPPER.valueToTree(s).toString());
        });
    }

    private void put(RoutingContext rc) {
        String name = rc.pathParam("name");
        byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        ClusterDeployment d;
        try {
            d = Json.MAPPER.readValue(body, ClusterDeployment.class);
            if (d.deployment() == null || !name.equals(d.deployment().name())) {
                throw new IllegalArgumentException("the body must hold the deployment of '" + name + "'");
            }
        } catch (Exception e) {
            answer(rc, 400, "malformed deployment: " + e.getMessage());
            return;
        }
        Vertx.currentContext().executeBlocking(() -> {
            install(d);
            keep(name, body);
            return null;
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                answer(rc, 502, "could not install " + name + ": " + ar.cause().getMessage());
            } else {
                rc.response().setStatusCode(204).end();
            }
        });
    }

    /** Installs every deployment kept by an earlier run of this coordinator (after a restart). */
    void installKept() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                ClusterDeployment d = Json.MAPPER.readValue(f.toFile(), ClusterDeployment.class);
                try {
                    install(d);
                    LOG.info("installed {} again (kept from before a restart)", d.deployment().name());
                } catch (Exception e) {
                    LOG.warn("could not install {} again: {}", d.deployment().name(), e.getMessage());
                }
            }
        }
    }

    /** Blocks until every agent of the plan has the workflow (never on an event loop). */
    private void install(ClusterDeployment d) throws Exception {
        CompletableFuture<Void> done = coordinator.deploy(d.workflow(), d.plan(), d.deployment().agents(), d.mode());
        try {
            done.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
        }
        installed.add(d.deployment().name());
    }

    /** Written to a temporary file and moved: a crash never leaves half a deployment. */
    private void keep(String name, byte[] body) throws IOException {
        Path tmp = dir.resolve(name + ".json.tmp");
        Files.write(tmp, body);
        Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void answer(RoutingContext rc, int status, String message) {
        Map<String, String> error = Map.of("error", message);
        rc.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(Json.MAPPER.valueToTree(error).toString());
    }
}
