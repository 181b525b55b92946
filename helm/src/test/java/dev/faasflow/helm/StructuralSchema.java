package dev.faasflow.helm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a value against a CRD's OpenAPI v3 structural schema the way the API server would reject it: type,
 * required, enum, minimum/maximum (with exclusive bounds), min/max length and items, pattern, properties and
 * additionalProperties (a field the schema does not know is an error, as with {@code kubectl apply}'s strict field
 * validation), items, nullable, x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string, allOf/anyOf/oneOf.
 * Problems are reported with their JSON path, e.g. {@code .spec.functions[2].runtime: expected number, got string}.
 */
final class StructuralSchema {
    private StructuralSchema() {
    }

    /** Validates a whole custom resource against a CRD (apiVersion, kind, metadata.name, then the version's schema). */
    static List<String> validateResource(JsonNode crd, JsonNode resource) {
        List<String> problems = new ArrayList<>();
        String group = crd.at("/spec/group").asText();
        String kind = crd.at("/spec/names/kind").asText();
        if (!kind.equals(resource.path("kind").asText())) {
            problems.add(".kind: expected " + kind + ", got " + resource.path("kind"));
        }
        String apiVersion = resource.path("apiVersion").asText();
        JsonNode version = null;
        for (JsonNode v : crd.at("/spec/versions")) {
            if (apiVersion.equals(group + "/" + v.path("name").asText()) && v.path("served").asBoolean()) {
                version = v;
            }
        }
        if (version == null) {
            problems.add(".apiVersion: " + apiVersion + " is not a served version of " + crd.at("/metadata/name").asText());
            return problems;
        }
        String name = resource.at("/metadata/name").asText("");
        String generateName = resource.at("/metadata/generateName").asText("");
        if (name.isEmpty() && generateName.isEmpty()) {
            problems.add(".metadata.name: required");
        } else if (!name.isEmpty() && !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            problems.add(".metadata.name: '" + name + "' is not a DNS subdomain name");
        }
        JsonNode schema = version.at("/schema/openAPIV3Schema");
        // apiVersion, kind and metadata are the API server's, whatever the schema says about them.
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (List.of("apiVersion", "kind", "metadata").contains(f.getKey())) {
                continue;
            }
            JsonNode property = schema.path("properties").get(f.getKey());
            if (property == null) {
                problems.add("." + f.getKey() + ": unknown field");
            } else {
                validate(property, f.getValue(), "." + f.getKey(), problems);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!resource.has(required.asText())) {
                problems.add("." + required.asText() + ": required");
            }
        }
        return problems;
    }

    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        validate(schema, value, "", problems);
        return problems;
    }

    static void validate(JsonNode schema, JsonNode value, String path, List<String> problems) {
        String at = path.isEmpty() ? "." : path;
        if (value == null || value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                problems.add(at + ": must not be null");
            }
            return;
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(at + ": expected an integer or a string, got " + typeOf(value));
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(at + ": expected " + type + ", got " + typeOf(value));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.path("enum")) {
                found |= equalValues(option, value);
            }
            if (!found) {
                problems.add(at + ": " + value + " is not one of " + schema.path("enum"));
            }
        }
        if (value.isNumber()) {
            double v = value.asDouble();
            if (schema.has("minimum")) {
                double min = schema.path("minimum").asDouble();
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (exclusive ? v <= min : v < min) {
                    problems.add(at + ": " + value + " is " + (exclusive ? "not above " : "below ") + "the minimum " + trim(min));
                }
            }
            if (schema.has("maximum")) {
                double max = schema.path("maximum").asDouble();
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                if (exclusive ? v >= max : v > max) {
                    problems.add(at + ": " + value + " is " + (exclusive ? "not below " : "above ") + "the maximum " + trim(max));
                }
            }
        }
        if (value.isTextual()) {
            String s = value.asText();
            if (schema.has("minLength") && s.length() < schema.path("minLength").asInt()) {
                problems.add(at + ": shorter than " + schema.path("minLength").asInt() + " characters");
            }
            if (schema.has("maxLength") && s.length() > schema.path("maxLength").asInt()) {
                problems.add(at + ": longer than " + schema.path("maxLength").asInt() + " characters");
            }
            if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(s).find()) {
                problems.add(at + ": '" + s + "' does not match " + schema.path("pattern").asText());
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.path("minItems").asInt()) {
                problems.add(at + ": fewer than " + schema.path("minItems").asInt() + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.path("maxItems").asInt()) {
                problems.add(at + ": more than " + schema.path("maxItems").asInt() + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    validate(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
                }
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(path + "." + required.asText() + ": required");
                }
            }
            if (schema.has("minProperties") && value.size() < schema.path("minProperties").asInt()) {
                problems.add(at + ": fewer than " + schema.path("minProperties").asInt() + " properties");
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = path + "." + f.getKey();
                if (properties.has(f.getKey())) {
                    validate(properties.get(f.getKey()), f.getValue(), child, problems);
                } else if (additional != null && additional.isObject()) {
                    validate(additional, f.getValue(), child, problems);
                } else if (additional != null && additional.isBoolean() && additional.asBoolean()) {
                    // any value
                } else if (!preserveUnknown) {
                    problems.add(child + ": unknown field");
                }
            }
        }
        for (JsonNode sub : schema.path("allOf")) {
            validate(sub, value, path, problems);
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                int matching = 0;
                for (JsonNode sub : schema.path(combinator)) {
                    List<String> subProblems = new ArrayList<>();
                    validate(sub, value, path, subProblems);
                    matching += subProblems.isEmpty() ? 1 : 0;
                }
                if (matching == 0 || (combinator.equals("oneOf") && matching > 1)) {
                    problems.add(at + ": matches " + matching + " of the " + combinator + " alternatives");
                }
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean equalValues(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a.equals(b);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
