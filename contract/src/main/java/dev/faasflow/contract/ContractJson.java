package dev.faasflow.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The contract's JSON mapping, the same on both sides: unknown fields are ignored (callers ignore what they do
 * not know), but a value of the wrong JSON type is an error, never coerced (no {@code "5"} for 5, no 1.5 for 1,
 * no number for a string).
 */
public final class ContractJson {
    public static final ObjectMapper MAPPER = strict();

    private ContractJson() {
    }

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        for (LogicalType numeric : List.of(LogicalType.Integer, LogicalType.Float)) {
            mapper.coercionConfigFor(numeric)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Binds a JSON tree to a contract record; a value of the wrong type is a violation naming its field. */
    static <T> T bind(JsonNode body, Class<T> type) {
        try {
            return MAPPER.treeToValue(body, type);
        } catch (JsonMappingException e) {
            throw violation(body, e);
        } catch (JsonProcessingException e) {
            throw new ContractViolation("$", "cannot be read: " + e.getOriginalMessage());
        }
    }

    /** The record as contract JSON bytes. */
    public static byte[] write(Object message) {
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + message.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a record from contract JSON bytes (an answer of the other side). */
    public static <T> T read(byte[] body, Class<T> type) throws IOException {
        return MAPPER.readValue(body, type);
    }

    private static ContractViolation violation(JsonNode root, JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        JsonNode at = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getFieldName());
                at = at == null ? null : at.get(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
                at = at == null ? null : at.get(r.getIndex());
            }
        }
        String field = path.isEmpty() ? "$" : path.toString();
        String expected = e instanceof MismatchedInputException m ? expected(m.getTargetType()) : null;
        if (expected == null || at == null) {
            return new ContractViolation(field, "is invalid: " + e.getOriginalMessage());
        }
        return new ContractViolation(field, "must be " + expected + ", got " + describe(at));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class) {
            return "a string or null";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) {
            return "a JSON object or null";
        }
        return "a JSON object";
    }

    static String describe(JsonNode value) {
        JsonNodeType t = value.getNodeType();
        return switch (t) {
            case STRING -> "a string";
            case NUMBER -> "the number " + value;
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }
}
