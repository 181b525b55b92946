package dev.faasflow.functions.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A store endpoint for tests: GET/PUT /v1/store/{invocation}/{key} over a map. */
final class FakeStore {
    final Map<String, byte[]> values = new ConcurrentHashMap<>();
    final Map<String, String> destinations = new ConcurrentHashMap<>();
    private HttpServer server;

    int start(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.get("/v1/store/:invocation/:key").handler(rc -> {
            byte[] v = values.get(id(rc.pathParam("invocation"), rc.pathParam("key")));
            if (v == null) {
                rc.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"error\":\"not found\"}");
            } else {
                rc.response().putHeader("Content-Type", "application/octet-stream")
                        .putHeader("X-FaaStore-Tier", "local").end(Buffer.buffer(v));
            }
        });
        router.put("/v1/store/:invocation/:key").handler(BodyHandler.create(false).setBodyLimit(-1));
        router.put("/v1/store/:invocation/:key").handler(rc -> {
            String id = id(rc.pathParam("invocation"), rc.pathParam("key"));
            values.put(id, rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
            String d = rc.queryParams().get("destination");
            if (d != null) {
                destinations.put(id, d);
            }
            rc.response().setStatusCode(204).putHeader("X-FaaStore-Tier", "local").end();
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        return server.actualPort();
    }

    static String id(String invocation, String key) {
        return invocation + "\u0000" + key;
    }

    byte[] get(String invocation, String key) {
        return values.get(id(invocation, key));
    }

    void put(String invocation, String key, byte[] value) {
        values.put(id(invocation, key), value);
    }

    String destination(String invocation, String key) {
        return destinations.get(id(invocation, key));
    }
}
