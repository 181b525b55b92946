package dev.faasflow.operator.invocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.crds.WorkflowManifests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results an Invocation's status carries: small ones inline; when they add up to more than
 * {@link #STATUS_RESULTS_BYTES}, the largest become {key, bytes} references (the values stay readable through
 * the gateway), so a status never grows past what the API server accepts.
 */
public final class StatusResults {
    /** Results bigger than this in total are shown as references, largest first. */
    public static final int STATUS_RESULTS_BYTES = 32 * 1024;

    private StatusResults() {
    }

    public static Map<String, JsonNode> bounded(Map<String, JsonNode> results) {
        Map<String, JsonNode> out = new LinkedHashMap<>(results);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> e : out.entrySet()) {
            int size = e.getValue().toString().length();
            sizes.put(e.getKey(), size);
            total += size;
        }
        List<String> bySize = new ArrayList<>(sizes.keySet());
        bySize.sort(Comparator.comparing(sizes::get, Comparator.reverseOrder()));
        for (String key : bySize) {
            if (total <= STATUS_RESULTS_BYTES) {
                break;
            }
            JsonNode v = out.get(key);
            if (v.isObject() && v.has("key") && v.has("bytes") && v.size() == 2) {
                continue; // already a reference
            }
            ObjectNode ref = WorkflowManifests.JSON.createObjectNode();
            ref.put("key", key);
            ref.put("bytes", v.toString().length());
            out.put(key, ref);
            total -= sizes.get(key) - ref.toString().length();
        }
        return out;
    }
}
