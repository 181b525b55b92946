package dev.faasflow.coordinator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvokeOptions;

/**
 * The body of a gateway request that starts an invocation:
 * {@code {"input": {...}, "timeoutSeconds": 60, "timeScale": 1, "generateMissingInputs": false}}.
 */
public record InvocationRequest(JsonNode input, InvokeOptions options) {

    /**
     * @param body     the request body; empty means no input and the defaults
     * @param defaults options for fields the body leaves out
     * @throws InvalidInvocationException (400) naming what is wrong
     */
    public static InvocationRequest parse(String body, InvokeOptions defaults) throws InvalidInvocationException {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new InvalidInvocationException(400, "request body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInvocationException(400, "request body must be a JSON object such as {\"input\": {...}}");
        }
        InvokeOptions options = defaults;
        if (root.has("timeoutSeconds")) {
            options = options.withTimeoutMillis((long) (positive(root, "timeoutSeconds") * 1000));
        }
        if (root.has("timeScale")) {
            options = options.withTimeScale(positive(root, "timeScale"));
        }
        if (root.has("generateMissingInputs")) {
            JsonNode g = root.get("generateMissingInputs");
            if (!g.isBoolean()) {
                throw new InvalidInvocationException(400, "generateMissingInputs must be true or false, got " + g);
            }
            options = options.withGenerateMissingInputs(g.booleanValue());
        }
        return new InvocationRequest(root.get("input"), options);
    }

    private static double positive(JsonNode body, String field) throws InvalidInvocationException {
        JsonNode v = body.get(field);
        if (!v.isNumber() || v.asDouble() <= 0) {
            throw new InvalidInvocationException(400, field + " must be a positive number, got " + v);
        }
        return v.asDouble();
    }
}
