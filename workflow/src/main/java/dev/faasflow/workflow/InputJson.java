package dev.faasflow.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an invocation's input (or a request body holding one) strictly: UTF-8 that decodes without
 * replacement, one JSON object and nothing after it, no key twice in any object, numbers a double can
 * hold, at most {@link Limits#MAX_INPUT_BYTES} and {@link Limits#MAX_NESTING_DEPTH} deep. Then
 * {@link #checkKeys} holds its keys against the workflow's {@code global_input}.
 * Every refusal is a {@link WorkflowException} whose problem names where the input came from.
 */
public final class InputJson {
    /** Strict JSON, shared with the loader for JSON workflow documents. */
    static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Limits.MAX_NESTING_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private InputJson() {
    }

    /** The object in a file, which must not be larger than {@link Limits#MAX_INPUT_BYTES}. */
    public static ObjectNode readObject(Path file) throws WorkflowException {
        String where = file.toString();
        try {
            long size = Files.size(file);
            if (size > Limits.MAX_INPUT_BYTES) {
                throw tooLarge(where, size);
            }
            return parseObject(where, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw problem(where, null, "no such file");
        } catch (IOException e) {
            throw problem(where, null, "cannot read: " + e.getMessage());
        }
    }

    /** The object in {@code body}, decoded as strict UTF-8; an empty body is refused too. */
    public static ObjectNode parseObject(String where, byte[] body) throws WorkflowException {
        if (body.length > Limits.MAX_INPUT_BYTES) {
            throw tooLarge(where, body.length);
        }
        return parseObject(where, decode(where, body));
    }

    /** The object in {@code text}. */
    public static ObjectNode parseObject(String where, String text) throws WorkflowException {
        if (text.length() > Limits.MAX_INPUT_BYTES) {
            throw tooLarge(where, text.length());
        }
        JsonNode root;
        try (JsonParser parser = STRICT.createParser(text)) {
            root = STRICT.readTree(parser);
            if (root != null) {
                refuseTrailing(where, parser);
            }
        } catch (StreamConstraintsException e) {
            throw problem(where, null, tooLarge(e, "input JSON"));
        } catch (JsonProcessingException e) {
            throw problem(where, null, notJson(e));
        } catch (IOException e) {
            throw problem(where, null, "cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw problem(where, null, "empty: expected a JSON object");
        }
        if (!root.isObject()) {
            throw problem(where, null, "expected a JSON object, got " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String infinite = firstNonFinite(root, "");
        if (infinite != null) {
            throw problem(where, infinite, "number too large for a double (it would be read as infinity)");
        }
        return (ObjectNode) root;
    }

    /**
     * Refuses keys of {@code input} that are not global inputs of {@code workflow} (by name or by the key
     * they are stored under), unless {@code allowUnknown}; {@code howToAllow} tells the caller how to ask.
     */
    public static void checkKeys(String where, Workflow workflow, JsonNode input, boolean allowUnknown,
                                 String howToAllow) throws WorkflowException {
        if (allowUnknown || input == null || !input.isObject()) {
            return;
        }
        Set<String> declared = new LinkedHashSet<>();
        workflow.globalInputs().forEach((name, spec) -> {
            declared.add(name);
            declared.add(spec.key());
        });
        String known = workflow.globalInputs().isEmpty() ? "it declares none"
                : "it declares " + String.join(", ", workflow.globalInputs().keySet());
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : input.properties()) {
            String key = entry.getKey();
            if (!declared.contains(key)) {
                if (problems.size() == Limits.MAX_PROBLEMS) {
                    problems.add(new Problem(where, null, null, "and more undeclared keys"));
                    break;
                }
                problems.add(new Problem(where, null, Limits.shorten(key),
                        "not a global input of workflow " + workflow.name() + " (" + known + "); " + howToAllow));
            }
        }
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
    }

    private static void refuseTrailing(String where, JsonParser parser) throws IOException, WorkflowException {
        JsonLocation after = parser.currentLocation();
        boolean more;
        try {
            more = parser.nextToken() != null;
        } catch (JsonProcessingException e) {
            more = true;
        }
        if (more) {
            throw problem(where, null, "unexpected content after the JSON object" + at(after));
        }
    }

    /** {@code bytes} as UTF-8, refusing malformed sequences instead of replacing them. */
    static String decode(String where, byte[] body) throws WorkflowException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw problem(where, null, "not valid UTF-8 (byte " + in.position() + ")");
        }
        return out.flip().toString();
    }

    /** The path of the first number that overflowed to infinity, or null. */
    private static String firstNonFinite(JsonNode node, String path) {
        if (node.isDouble() || node.isFloat()) {
            return Double.isFinite(node.doubleValue()) ? null : path.isEmpty() ? "(root)" : path;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = Limits.shorten(e.getKey());
                String found = firstNonFinite(e.getValue(), path.isEmpty() ? key : path + "." + key);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstNonFinite(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A limit of the JSON reader was hit: ours for nesting, Jackson's own (numbers, strings) otherwise. */
    static String tooLarge(StreamConstraintsException e, String what) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Document nesting depth")) {
            return "nested deeper than " + Limits.MAX_NESTING_DEPTH + " levels (limit for " + what + ")";
        }
        return "too large: " + message.replaceFirst(", from `[^`]*`", "");
    }

    /** Jackson's own message, without its source excerpt, plus where. */
    static String notJson(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field ")) {
            message = "duplicate key " + message.substring("Duplicate field ".length());
        }
        return "not valid JSON" + at(e.getLocation()) + ": " + message;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static WorkflowException tooLarge(String where, long size) {
        return problem(where, null, "is " + Limits.count(size) + " bytes, more than " + Limits.count(Limits.MAX_INPUT_BYTES)
                + " (limit for input JSON)");
    }

    private static WorkflowException problem(String where, String field, String message) {
        return new WorkflowException(new Problem(where, null, field, message));
    }
}
