package dev.faasflow.functions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code POST /v1/run}: run one function (or one foreach instance) of one invocation.
 * Serializes with Jackson to the contract's JSON; {@link #parse(JsonNode)} validates an incoming body and
 * names the first bad field.
 *
 * @param workflow       workflow name (required)
 * @param invocation     invocation id (required)
 * @param function       function name in the workflow (required)
 * @param source         the function's declared source, or null (then the function name is used for lookup)
 * @param image          the function's image name, or null
 * @param instance       foreach instance index, or null when not a foreach instance
 * @param instances      foreach width, or null when not a foreach instance
 * @param element        element {@code instance} of the foreach key list, or null
 * @param runtimeSeconds declared runtime (≥ 0)
 * @param timeScale      factor applied to the runtime by replayed functions (≥ 0; 1 when absent)
 * @param store          base URL of the node's store endpoint (required)
 * @param destination    storage destination passed on every put (MEM, DB, DB+MEM), or null
 * @param inputs         declared inputs
 * @param outputs        declared outputs
 * @param input          the invocation's small global inputs (a JSON object, empty when none)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunRequest(
        String workflow,
        String invocation,
        String function,
        String source,
        String image,
        Integer instance,
        Integer instances,
        JsonNode element,
        double runtimeSeconds,
        double timeScale,
        String store,
        String destination,
        List<Input> inputs,
        List<Output> outputs,
        ObjectNode input) {

    /** The destinations a put may name. */
    public static final Set<String> DESTINATIONS = Set.of("MEM", "DB", "DB+MEM");
    /** The data types of the workflow format. */
    public static final Set<String> TYPES = Set.of("normal", "pass", "key", "keys");

    public RunRequest {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        input = input == null ? Json.MAPPER.createObjectNode() : input;
    }

    /**
     * One declared input.
     *
     * @param name      the argument name the function asks for
     * @param key       the key the value is stored under
     * @param type      normal, pass or key
     * @param size      declared size in bytes (−1 when unknown)
     * @param instances when produced by a foreach function of width N: N (the reader gets {@code key#0..key#N-1}),
     *                  else null
     */
    public record Input(String name, String key, String type, long size, Integer instances) {
        public Input {
            key = key == null ? name : key;
            type = type == null ? "normal" : type;
        }
    }

    /**
     * One declared output, stored under its name ({@code name#i} for foreach instance i).
     *
     * @param from for a pass-through of a global input: the key it copies, else null
     */
    public record Output(String name, String type, long size, String from) {
        public Output {
            type = type == null ? "normal" : type;
        }
    }

    /** True for one instance of a foreach function. */
    @JsonIgnore
    public boolean isForeachInstance() {
        return instance != null;
    }

    /** The declared input with that name, or null. */
    public Input inputNamed(String name) {
        for (Input in : inputs) {
            if (in.name().equals(name)) {
                return in;
            }
        }
        return null;
    }

    /** The declared output with that name, or null. */
    public Output outputNamed(String name) {
        for (Output out : outputs) {
            if (out.name().equals(name)) {
                return out;
            }
        }
        return null;
    }

    /** The name shown in error messages and logs: {@code function} or {@code function#i}. */
    public String displayName() {
        return instance == null ? function : function + "#" + instance;
    }

    /** This request as contract JSON. */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /** A copy for another foreach instance. */
    public RunRequest withInstance(int newInstance, int newInstances, JsonNode newElement) {
        return new RunRequest(workflow, invocation, function, source, image, newInstance, newInstances, newElement,
                runtimeSeconds, timeScale, store, destination, inputs, outputs, input);
    }

    /** A copy for another invocation. */
    public RunRequest withInvocation(String newInvocation) {
        return new RunRequest(workflow, newInvocation, function, source, image, instance, instances, element,
                runtimeSeconds, timeScale, store, destination, inputs, outputs, input);
    }

    /** A copy with other global inputs. */
    public RunRequest withInput(ObjectNode newInput) {
        return new RunRequest(workflow, invocation, function, source, image, instance, instances, element,
                runtimeSeconds, timeScale, store, destination, inputs, outputs, newInput);
    }

    /** A copy with another time scale. */
    public RunRequest withTimeScale(double newTimeScale) {
        return new RunRequest(workflow, invocation, function, source, image, instance, instances, element,
                runtimeSeconds, newTimeScale, store, destination, inputs, outputs, input);
    }

    /** A copy pointing at another store endpoint. */
    public RunRequest withStore(String newStore, String newDestination) {
        return new RunRequest(workflow, invocation, function, source, image, instance, instances, element,
                runtimeSeconds, timeScale, newStore, newDestination, inputs, outputs, input);
    }

    // ------------------------------------------------------------------ parsing

    /**
     * Validates and reads a request body.
     *
     * @throws BadRequestException naming the first field that is missing or has the wrong type or value
     */
    public static RunRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("$", "must be a JSON object");
        }
        String workflow = requiredString(body, "workflow");
        String invocation = requiredString(body, "invocation");
        String function = requiredString(body, "function");
        String source = optionalString(body, "source");
        String image = optionalString(body, "image");
        Integer instance = optionalInt(body, "instance", "instance");
        Integer instances = optionalInt(body, "instances", "instances");
        if (instance != null || instances != null) {
            if (instance == null) {
                throw new BadRequestException("instance", "is required when 'instances' is set");
            }
            if (instances == null) {
                throw new BadRequestException("instances", "is required when 'instance' is set");
            }
            if (instances < 1) {
                throw new BadRequestException("instances", "must be at least 1, got " + instances);
            }
            if (instance < 0 || instance >= instances) {
                throw new BadRequestException("instance", "must be in [0, " + instances + "), got " + instance);
            }
        }
        JsonNode element = body.get("element");
        if (element != null && element.isNull()) {
            element = null;
        }
        double runtimeSeconds = optionalNonNegative(body, "runtimeSeconds", 0);
        double timeScale = optionalNonNegative(body, "timeScale", 1);
        String store = requiredString(body, "store");
        if (!store.startsWith("http://") && !store.startsWith("https://")) {
            throw new BadRequestException("store", "must be an http:// or https:// URL, got '" + store + "'");
        }
        String destination = optionalString(body, "destination");
        if (destination != null) {
            destination = destination.toUpperCase(Locale.ROOT).replace('_', '+');
            if (!DESTINATIONS.contains(destination)) {
                throw new BadRequestException("destination", "must be MEM, DB or DB+MEM, got '"
                        + body.get("destination").asText() + "'");
            }
        }
        List<Input> inputs = new ArrayList<>();
        for (JsonNode node : optionalArray(body, "inputs")) {
            String at = "inputs[" + inputs.size() + "]";
            if (!node.isObject()) {
                throw new BadRequestException(at, "must be an object");
            }
            String name = requiredString(node, "name", at + ".name");
            String key = optionalString(node, "key", at + ".key");
            String type = optionalType(node, at);
            long size = optionalSize(node, at);
            Integer n = optionalInt(node, "instances", at + ".instances");
            if (n != null && n < 1) {
                throw new BadRequestException(at + ".instances", "must be at least 1, got " + n);
            }
            inputs.add(new Input(name, key, type, size, n));
        }
        List<Output> outputs = new ArrayList<>();
        for (JsonNode node : optionalArray(body, "outputs")) {
            String at = "outputs[" + outputs.size() + "]";
            if (!node.isObject()) {
                throw new BadRequestException(at, "must be an object");
            }
            String name = requiredString(node, "name", at + ".name");
            String type = optionalType(node, at);
            long size = optionalSize(node, at);
            String from = optionalString(node, "from", at + ".from");
            outputs.add(new Output(name, type, Math.max(0, size), from));
        }
        JsonNode input = body.get("input");
        ObjectNode inputObject;
        if (input == null || input.isNull()) {
            inputObject = null;
        } else if (input instanceof ObjectNode o) {
            inputObject = o;
        } else {
            throw new BadRequestException("input", "must be a JSON object or null, got " + describe(input));
        }
        return new RunRequest(workflow, invocation, function, source, image, instance, instances, element,
                runtimeSeconds, timeScale, store, destination, inputs, outputs, inputObject);
    }

    private static String requiredString(JsonNode node, String field) {
        return requiredString(node, field, field);
    }

    private static String requiredString(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new BadRequestException(path, "is required");
        }
        if (!value.isTextual()) {
            throw new BadRequestException(path, "must be a string, got " + describe(value));
        }
        if (value.asText().isEmpty()) {
            throw new BadRequestException(path, "must not be empty");
        }
        return value.asText();
    }

    private static String optionalString(JsonNode node, String field) {
        return optionalString(node, field, field);
    }

    private static String optionalString(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException(path, "must be a string or null, got " + describe(value));
        }
        return value.asText().isEmpty() ? null : value.asText();
    }

    private static Integer optionalInt(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadRequestException(path, "must be an integer or null, got " + describe(value));
        }
        return value.intValue();
    }

    private static double optionalNonNegative(JsonNode node, String field, double fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new BadRequestException(field, "must be a number, got " + describe(value));
        }
        double d = value.doubleValue();
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new BadRequestException(field, "must be a finite number >= 0, got " + value);
        }
        return d;
    }

    private static Iterable<JsonNode> optionalArray(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Collections.emptyList();
        }
        if (!value.isArray()) {
            throw new BadRequestException(field, "must be an array, got " + describe(value));
        }
        return value;
    }

    private static String optionalType(JsonNode node, String at) {
        String type = optionalString(node, "type", at + ".type");
        if (type == null) {
            return "normal";
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (!TYPES.contains(lower)) {
            throw new BadRequestException(at + ".type", "must be normal, pass, key or keys, got '" + type + "'");
        }
        return lower;
    }

    private static long optionalSize(JsonNode node, String at) {
        JsonNode value = node.get("size");
        if (value == null || value.isNull()) {
            return -1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequestException(at + ".size", "must be an integer, got " + describe(value));
        }
        return value.longValue();
    }

    private static String describe(JsonNode value) {
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
