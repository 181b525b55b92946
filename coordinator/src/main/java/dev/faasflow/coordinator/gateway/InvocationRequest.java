package dev.faasflow.coordinator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvokeOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.workflow.InputJson;
import dev.faasflow.workflow.Limits;
import dev.faasflow.workflow.WorkflowException;

import java.util.List;
import java.util.Map;

/**
 * The body of a gateway request that starts an invocation:
 * {@code {"input": {...}, "timeoutSeconds": 60, "timeScale": 1, "generateMissingInputs": false,
 * "allowUnknownInputs": false, "keepIntermediates": false, "retryOf": "inv-...", "requestId": "any key"}}; with a
 * {@code requestId}, sending the same request again gets the invocation the first one started. Read strictly ({@link InputJson}): valid UTF-8, one object, no duplicate keys,
 * no field it does not know.
 */
public record InvocationRequest(JsonNode input, InvokeOptions options) {
    static final List<String> FIELDS = List.of("input", "timeoutSeconds", "timeScale", "generateMissingInputs",
            "allowUnknownInputs", "keepIntermediates", "retryOf", "requestId");
    /** The longest submission key. */
    public static final int MAX_REQUEST_ID_LENGTH = 256;
    /** The longest invocation timeout a request may ask for. */
    public static final long MAX_TIMEOUT_SECONDS = 7L * 24 * 3600;

    /**
     * @param body     the request body's bytes; empty (or null) means no input and the defaults
     * @param defaults options for fields the body leaves out
     * @throws InvalidInvocationException (400) naming what is wrong
     */
    public static InvocationRequest parse(byte[] body, InvokeOptions defaults) throws InvalidInvocationException {
        if (body == null || body.length == 0) {
            return parse((String) null, defaults);
        }
        try {
            return fromBody(InputJson.parseObject("request body", body), defaults);
        } catch (WorkflowException e) {
            throw new InvalidInvocationException(400, e.getMessage());
        }
    }

    /** The same, for a body already decoded. */
    public static InvocationRequest parse(String body, InvokeOptions defaults) throws InvalidInvocationException {
        try {
            ObjectNode root = body == null || body.isBlank() ? InputJson.parseObject("request body", "{}")
                    : InputJson.parseObject("request body", body);
            return fromBody(root, defaults);
        } catch (WorkflowException e) {
            throw new InvalidInvocationException(400, e.getMessage());
        }
    }

    private static InvocationRequest fromBody(ObjectNode root, InvokeOptions defaults) throws InvalidInvocationException {
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new InvalidInvocationException(400, "request body: unknown field " + Limits.quote(field.getKey()) + " (known: "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        JsonNode input = root.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw new InvalidInvocationException(400, "request body: input must be a JSON object of global inputs, got "
                    + input.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        InvokeOptions options = defaults.withAllowUnknownInputs(bool(root, "allowUnknownInputs", false));
        if (root.has("timeoutSeconds")) {
            double seconds = positive(root, "timeoutSeconds");
            if (seconds > MAX_TIMEOUT_SECONDS) {
                throw new InvalidInvocationException(400, "timeoutSeconds must be at most " + MAX_TIMEOUT_SECONDS
                        + " (7 days), got " + Limits.quote(root.get("timeoutSeconds").toString()));
            }
            options = options.withTimeoutMillis((long) (seconds * 1000));
        }
        if (root.has("timeScale")) {
            options = options.withTimeScale(positive(root, "timeScale"));
        }
        if (root.has("generateMissingInputs")) {
            options = options.withGenerateMissingInputs(bool(root, "generateMissingInputs", false));
        }
        options = options.withKeepIntermediates(bool(root, "keepIntermediates", false));
        JsonNode retryOf = root.get("retryOf");
        if (retryOf != null && !retryOf.isNull()) {
            if (!retryOf.isTextual() || retryOf.textValue().isBlank()) {
                throw new InvalidInvocationException(400, "retryOf must be the id of an invocation, got "
                        + Limits.quote(retryOf.toString()));
            }
            options = options.withRetryOf(retryOf.textValue());
        }
        JsonNode requestId = root.get("requestId");
        if (requestId != null && !requestId.isNull()) {
            if (!requestId.isTextual() || requestId.textValue().isBlank()
                    || requestId.textValue().length() > MAX_REQUEST_ID_LENGTH) {
                throw new InvalidInvocationException(400, "requestId must be a non-empty string of at most "
                        + MAX_REQUEST_ID_LENGTH + " characters, got " + Limits.quote(requestId.toString()));
            }
            options = options.withRequestId(requestId.textValue());
        }
        return new InvocationRequest(input, options);
    }

    private static boolean bool(JsonNode body, String field, boolean fallback) throws InvalidInvocationException {
        JsonNode v = body.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new InvalidInvocationException(400, field + " must be true or false, got " + Limits.quote(v.toString()));
        }
        return v.booleanValue();
    }

    private static double positive(JsonNode body, String field) throws InvalidInvocationException {
        JsonNode v = body.get(field);
        if (!v.isNumber() || v.asDouble() <= 0) {
            throw new InvalidInvocationException(400, field + " must be a positive number, got " + Limits.quote(v.toString()));
        }
        return v.asDouble();
    }
}
