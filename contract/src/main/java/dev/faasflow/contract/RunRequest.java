package dev.faasflow.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code POST /v1/run} (docs/FUNCTION_CONTRACT.md): run one function, or one foreach instance, of
 * one invocation. The agent writes it and the function runtime reads it with {@link ContractJson}; absent
 * optional fields take the contract's defaults here, and {@link #validate()} checks what the types cannot.
 *
 * @param workflow       workflow name (required)
 * @param invocation     invocation id (required)
 * @param function       function name in the workflow (required)
 * @param source         the function's declared source, or null (then the function name is used for lookup)
 * @param image          the function's image name, or null
 * @param instance       foreach instance index, or null when not a foreach instance
 * @param instances      foreach width, or null when not a foreach instance
 * @param element        element {@code instance} of the foreach key list, or null
 * @param runtimeSeconds declared runtime (≥ 0; 0 when absent)
 * @param timeScale      factor applied to the runtime by replayed functions (≥ 0; 1 when absent)
 * @param store          base URL of the node's store endpoint (required)
 * @param destination    storage destination passed on every put (MEM, DB, DB+MEM), or null
 * @param inputs         declared inputs (empty when absent)
 * @param outputs        declared outputs (empty when absent)
 * @param input          the invocation's small global inputs (a JSON object, empty when absent)
 * @param storeToken     the bearer token that grants this invocation's keys on the node's store endpoint, or null
 *                       when the store takes none
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
        ObjectNode input,
        String storeToken) {

    /** The destinations a put may name. */
    public static final Set<String> DESTINATIONS = Set.of("MEM", "DB", "DB+MEM");
    /** The data types of the workflow format. */
    public static final Set<String> TYPES = Set.of("normal", "pass", "key", "keys");

    public RunRequest {
        source = blankToNull(source);
        image = blankToNull(image);
        element = element == null || element.isNull() ? null : element;
        destination = destination == null || destination.isEmpty() ? null
                : destination.toUpperCase(Locale.ROOT).replace('_', '+');
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        input = input == null ? ContractJson.MAPPER.createObjectNode() : input;
        storeToken = blankToNull(storeToken);
    }

    /** A request for a store that takes no token. */
    public RunRequest(String workflow, String invocation, String function, String source, String image,
                      Integer instance, Integer instances, JsonNode element, double runtimeSeconds, double timeScale,
                      String store, String destination, List<Input> inputs, List<Output> outputs, ObjectNode input) {
        this(workflow, invocation, function, source, image, instance, instances, element, runtimeSeconds, timeScale,
                store, destination, inputs, outputs, input, null);
    }

    /** A copy whose store calls carry {@code token}. */
    public RunRequest withStoreToken(String token) {
        return new RunRequest(workflow, invocation, function, source, image, instance, instances, element,
                runtimeSeconds, timeScale, store, destination, inputs, outputs, input, token);
    }

    /** The JSON form: like the canonical constructor, but an absent {@code timeScale} is 1, not 0. */
    @JsonCreator
    static RunRequest fromJson(@JsonProperty("workflow") String workflow,
                               @JsonProperty("invocation") String invocation,
                               @JsonProperty("function") String function,
                               @JsonProperty("source") String source,
                               @JsonProperty("image") String image,
                               @JsonProperty("instance") Integer instance,
                               @JsonProperty("instances") Integer instances,
                               @JsonProperty("element") JsonNode element,
                               @JsonProperty("runtimeSeconds") double runtimeSeconds,
                               @JsonProperty("timeScale") Double timeScale,
                               @JsonProperty("store") String store,
                               @JsonProperty("destination") String destination,
                               @JsonProperty("inputs") List<Input> inputs,
                               @JsonProperty("outputs") List<Output> outputs,
                               @JsonProperty("input") ObjectNode input,
                               @JsonProperty("storeToken") String storeToken) {
        return new RunRequest(workflow, invocation, function, source, image, instance, instances, element,
                runtimeSeconds, timeScale == null ? 1.0 : timeScale, store, destination, inputs, outputs, input,
                storeToken);
    }

    /**
     * One declared input.
     *
     * @param name      the argument name the function asks for (required)
     * @param key       the key the value is stored under (the name when absent)
     * @param type      normal, pass, key or keys (normal when absent)
     * @param size      declared size in bytes (0 when unknown)
     * @param instances when produced by a foreach function of width N: N (the reader gets {@code key#0..key#N-1}),
     *                  else null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Input(String name, String key, String type, long size, Integer instances) {
        public Input {
            key = key == null || key.isEmpty() ? name : key;
            type = type == null || type.isEmpty() ? "normal" : type.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One declared output, stored under its name ({@code name#i} for foreach instance i).
     *
     * @param name the key it is stored under (required)
     * @param type normal, pass, key or keys (normal when absent)
     * @param size declared size in bytes (≥ 0)
     * @param from for a pass-through of a global input: the key it copies, else null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Output(String name, String type, long size, String from) {
        public Output {
            type = type == null || type.isEmpty() ? "normal" : type.toLowerCase(Locale.ROOT);
            size = Math.max(0, size);
            from = blankToNull(from);
        }
    }

    /**
     * Reads and validates a request body.
     *
     * @throws ContractViolation naming the first field that is missing or has the wrong type or value
     */
    public static RunRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ContractViolation("$", "must be a JSON object"
                    + (body == null ? "" : ", got " + ContractJson.describe(body)));
        }
        return ContractJson.bind(body, RunRequest.class).validate();
    }

    /**
     * Checks what the JSON types cannot: required fields, ranges, the foreach fields together, known types and
     * destinations.
     *
     * @return this request
     * @throws ContractViolation naming the first offending field
     */
    public RunRequest validate() {
        required("workflow", workflow);
        required("invocation", invocation);
        required("function", function);
        if (instance != null || instances != null) {
            if (instance == null) {
                throw new ContractViolation("instance", "is required when 'instances' is set");
            }
            if (instances == null) {
                throw new ContractViolation("instances", "is required when 'instance' is set");
            }
            if (instances < 1) {
                throw new ContractViolation("instances", "must be at least 1, got " + instances);
            }
            if (instance < 0 || instance >= instances) {
                throw new ContractViolation("instance", "must be in [0, " + instances + "), got " + instance);
            }
        }
        nonNegative("runtimeSeconds", runtimeSeconds);
        nonNegative("timeScale", timeScale);
        required("store", store);
        if (!store.startsWith("http://") && !store.startsWith("https://")) {
            throw new ContractViolation("store", "must be an http:// or https:// URL, got '" + store + "'");
        }
        if (destination != null && !DESTINATIONS.contains(destination)) {
            throw new ContractViolation("destination", "must be MEM, DB or DB+MEM, got '" + destination + "'");
        }
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            String at = "inputs[" + i + "]";
            if (in == null) {
                throw new ContractViolation(at, "must be an object");
            }
            required(at + ".name", in.name());
            knownType(at, in.type());
            if (in.instances() != null && in.instances() < 1) {
                throw new ContractViolation(at + ".instances", "must be at least 1, got " + in.instances());
            }
        }
        for (int i = 0; i < outputs.size(); i++) {
            Output out = outputs.get(i);
            String at = "outputs[" + i + "]";
            if (out == null) {
                throw new ContractViolation(at, "must be an object");
            }
            required(at + ".name", out.name());
            knownType(at, out.type());
        }
        return this;
    }

    private static void required(String field, String value) {
        if (value == null) {
            throw new ContractViolation(field, "is required");
        }
        if (value.isEmpty()) {
            throw new ContractViolation(field, "must not be empty");
        }
    }

    private static void nonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new ContractViolation(field, "must be a finite number >= 0, got " + value);
        }
    }

    private static void knownType(String at, String type) {
        if (!TYPES.contains(type)) {
            throw new ContractViolation(at + ".type", "must be normal, pass, key or keys, got '" + type + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
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
        return ContractJson.MAPPER.valueToTree(this);
    }

    /** A copy for another foreach instance. */
    public RunRequest withInstance(int newInstance, int newInstances, JsonNode newElement) {
        return new RunRequest(workflow, invocation, function, source, image, newInstance, newInstances, newElement,
                runtimeSeconds, timeScale, store, destination, inputs, outputs, input, storeToken);
    }

    /** Like the record's, but never shows the store token (requests end up in logs). */
    @Override
    public String toString() {
        return "RunRequest[workflow=" + workflow + ", invocation=" + invocation + ", function=" + displayName()
                + ", store=" + store + (storeToken == null ? "" : ", storeToken=<set>") + "]";
    }
}
