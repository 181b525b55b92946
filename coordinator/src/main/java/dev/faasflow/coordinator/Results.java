package dev.faasflow.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an invocation's results from the remote tier: small ones inline, large ones as references. */
final class Results {
    /** Results up to this size come back inline; larger ones as {key, bytes} references. */
    static final int INLINE_RESULT_BYTES = 64 * 1024;

    private final FaaStore store;
    private final Context context;

    Results(FaaStore store, Context context) {
        this.store = store;
        this.context = context;
    }

    /** The values of {@code keys} that exist, by key; completes on the coordinator's event loop. */
    Future<Map<String, JsonNode>> read(String invocation, Set<String> keys) {
        if (keys.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, JsonNode> results = new LinkedHashMap<>();
        List<Future<Void>> reads = new ArrayList<>();
        for (String key : keys) {
            Promise<Void> p = Promise.promise();
            store.getAsync(invocation, key).whenComplete((blob, err) -> context.runOnContext(v -> {
                if (err == null) {
                    results.put(key, describe(key, blob));
                }
                p.complete();
            }));
            reads.add(p.future());
        }
        return Future.all(reads).map(v -> results);
    }

    private static JsonNode describe(String key, Blob blob) {
        if (blob.size() > INLINE_RESULT_BYTES) {
            ObjectNode ref = Json.MAPPER.createObjectNode();
            ref.put("key", key);
            ref.put("bytes", blob.size());
            return ref;
        }
        String text = new String(blob.sharedArray(), StandardCharsets.UTF_8);
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }
}
