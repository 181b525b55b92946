package dev.faasflow.faastore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** JSON encoding of small values and of the lists that drive foreach fan-out. */
public final class StoreJson {
    /** Thread-safe once configured; shared by every store. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private StoreJson() {
    }

    public static Blob encode(Object value) {
        try {
            return Blob.wrap(MAPPER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value of type " + value.getClass().getName() + " cannot be written as JSON", e);
        }
    }

    public static JsonNode decode(String invocationId, String key, Blob blob) {
        try {
            return MAPPER.readTree(blob.sharedArray());
        } catch (IOException e) {
            throw new FaaStoreException("value under key '" + key + "' of invocation '" + invocationId
                    + "' is not JSON (" + blob.size() + " bytes): " + e.getMessage(), e);
        }
    }

    public static <T> T decode(String invocationId, String key, Blob blob, Class<T> type) {
        try {
            return MAPPER.readValue(blob.sharedArray(), type);
        } catch (IOException e) {
            throw new FaaStoreException("value under key '" + key + "' of invocation '" + invocationId
                    + "' cannot be read as " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static ArrayNode decodeList(String invocationId, String key, Blob blob) {
        JsonNode node = decode(invocationId, key, blob);
        if (!node.isArray()) {
            throw new FaaStoreException("value under key '" + key + "' of invocation '" + invocationId
                    + "' is a JSON " + node.getNodeType().name().toLowerCase() + ", not a list");
        }
        return (ArrayNode) node;
    }

    public static List<JsonNode> elements(ArrayNode list) {
        List<JsonNode> out = new ArrayList<>(list.size());
        list.forEach(out::add);
        return out;
    }

    public static JsonNode element(String invocationId, String key, ArrayNode list, int index) {
        if (index < 0 || index >= list.size()) {
            throw new FaaStoreException("list under key '" + key + "' of invocation '" + invocationId
                    + "' has " + list.size() + " elements; no element " + index);
        }
        return list.get(index);
    }
}
