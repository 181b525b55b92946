package dev.faasflow.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.workflow.formats.WorkflowFormat;
import dev.faasflow.workflow.formats.WorkflowFormats;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads workflow definitions: the artifact's {@code flat_workflow.yaml} unchanged (anchors and aliases
 * included) plus, when it sits beside it, {@code function_info.yaml} (images, warm-pool cap); or the same
 * structure as JSON; or the artifact's nested DAG and structured forms, told apart by their shape
 * ({@link WorkflowFormats}).
 */
public final class WorkflowLoader {
    public static final String FUNCTION_INFO = "function_info.yaml";
    /** Strict JSON: no duplicate keys, nothing after the document, {@link Limits#MAX_NESTING_DEPTH}. */
    private static final ObjectReader STRICT_JSON = InputJson.STRICT.readerFor(Object.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private WorkflowLoader() {
    }

    /** Loads a workflow file; its name comes from function_info.yaml, the file, or its folder. */
    public static Workflow load(Path file) throws WorkflowException {
        String text = read(file);
        Object tree = parseDocument(file.toString(), text);
        Path info = file.toAbsolutePath().getParent() == null ? null : file.toAbsolutePath().getParent().resolve(FUNCTION_INFO);
        FunctionInfo functionInfo = FunctionInfo.NONE;
        if (info != null && Files.isRegularFile(info) && !info.equals(file.toAbsolutePath())) {
            functionInfo = parseFunctionInfo(info.toString(), read(info));
        }
        String name = nameOf(tree, functionInfo, file);
        return WorkflowFormats.parse(file.toString(), name, tree, functionInfo.images(), functionInfo.maxContainers());
    }

    /** Parses a definition held in memory (a custom resource, an HTTP body). */
    public static Workflow parse(String where, String name, String text) throws WorkflowException {
        Object tree = parseDocument(where, text);
        return WorkflowFormats.parse(where, name, tree, Map.of(), Workflow.DEFAULT_MAX_CONTAINERS);
    }

    /** Loads a definition bundled on the classpath (the shipped benchmarks). */
    public static Workflow loadResource(String resourceDir, String name) throws WorkflowException {
        String flat = readResource(resourceDir + "/flat_workflow.yaml");
        String where = "classpath:" + resourceDir + "/flat_workflow.yaml";
        Object tree = parseDocument(where, flat);
        String infoText = readResourceOrNull(resourceDir + "/" + FUNCTION_INFO);
        FunctionInfo info = infoText == null ? FunctionInfo.NONE
                : parseFunctionInfo("classpath:" + resourceDir + "/" + FUNCTION_INFO, infoText);
        return WorkflowFormats.parse(where, name, tree, info.images(), info.maxContainers());
    }

    /** Loads one definition file bundled on the classpath, in any format, without function_info.yaml. */
    public static Workflow loadResourceFile(String path, String name) throws WorkflowException {
        String where = "classpath:" + path;
        return WorkflowFormats.parse(where, name, parseDocument(where, readResource(path)), Map.of(),
                Workflow.DEFAULT_MAX_CONTAINERS);
    }

    private static String nameOf(Object tree, FunctionInfo info, Path file) {
        // A structured root's name is its top structure's ("main"), not the workflow's.
        if (tree instanceof Map<?, ?> m && WorkflowFormat.detect(tree) != WorkflowFormat.STRUCTURED) {
            for (String k : List.of("name", "workflow")) {
                if (m.get(k) instanceof String s && !s.isBlank()) {
                    return s;
                }
            }
        }
        if (info.workflow() != null) {
            return info.workflow();
        }
        String base = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && parent.getFileName() != null) {
            // The artifact's file names say little: flat_workflow.yaml, workflow.yaml, main_200.yaml.
            String folder = parent.getFileName().toString();
            if (base.equals("flat_workflow") || base.equals("workflow") || base.equals("main")) {
                return folder;
            }
            if (base.matches("main_[0-9]+")) {
                return folder + "-" + base.substring("main_".length());
            }
        }
        return base;
    }

    /** The file as text: at most {@link Limits#MAX_DOCUMENT_BYTES}, strict UTF-8. */
    static String read(Path file) throws WorkflowException {
        try {
            long size = Files.size(file);
            if (size > Limits.MAX_DOCUMENT_BYTES) {
                throw tooLarge(file.toString(), size, "bytes");
            }
            return InputJson.decode(file.toString(), Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new WorkflowException(new Problem(file.toString(), null, null, "no such file"));
        } catch (IOException e) {
            throw new WorkflowException(new Problem(file.toString(), null, null, "cannot read: " + e.getMessage()));
        }
    }

    private static WorkflowException tooLarge(String where, long size, String unit) {
        return new WorkflowException(new Problem(where, null, null, "is " + Limits.count(size) + " " + unit
                + ", more than " + Limits.count(Limits.MAX_DOCUMENT_BYTES) + " (limit for workflow documents)"));
    }

    private static String readResource(String path) throws WorkflowException {
        String text = readResourceOrNull(path);
        if (text == null) {
            throw new WorkflowException(new Problem("classpath:" + path, null, null, "no such resource"));
        }
        return text;
    }

    private static String readResourceOrNull(String path) {
        try (InputStream in = WorkflowLoader.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * YAML (a superset of JSON) with anchors and aliases resolved; JSON documents are read as JSON. Within
     * {@link Limits}: size, line length (YAML), nesting depth, aliases, and the size once aliases are
     * expanded, each refused with a problem naming the limit.
     */
    public static Object parseDocument(String where, String text) throws WorkflowException {
        if (text.length() > Limits.MAX_DOCUMENT_BYTES) {
            throw tooLarge(where, text.length(), "characters");
        }
        String trimmed = text.stripLeading();
        WorkflowException notJson = null;
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                Object tree = STRICT_JSON.readValue(text);
                ExpandedSize.check(where, tree);
                return tree == null ? new LinkedHashMap<>() : tree;
            } catch (StreamConstraintsException e) {
                throw new WorkflowException(new Problem(where, null, null, InputJson.tooLarge(e, "workflow documents")));
            } catch (IOException e) {
                // Not strict JSON: fall through to the YAML parser, which reads flow style too.
                String why = e instanceof JsonProcessingException j ? InputJson.notJson(j) : "not valid JSON: " + e.getMessage();
                notJson = new WorkflowException(new Problem(where, null, null, why));
            }
        }
        refuseLongLines(where, text, notJson);
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(Limits.MAX_YAML_ALIASES);
        options.setNestingDepthLimit(Limits.MAX_NESTING_DEPTH);
        options.setCodePointLimit(Limits.MAX_DOCUMENT_BYTES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            String line = e.getProblemMark() == null ? "" : " (line " + (e.getProblemMark().getLine() + 1) + ")";
            throw new WorkflowException(new Problem(where, null, null, "not valid YAML" + line + ": " + yamlProblem(e.getProblem())));
        } catch (YAMLException e) {
            throw new WorkflowException(new Problem(where, null, null, "not valid YAML: " + yamlProblem(e.getMessage())));
        }
        ExpandedSize.check(where, tree);
        return tree == null ? new LinkedHashMap<>() : tree;
    }

    /**
     * SnakeYAML's reader is quadratic in the length of one token (see {@link Limits#MAX_YAML_LINE_CHARS});
     * every token ends at a line break, so a bound on lines, checked in one pass, keeps it linear.
     */
    private static void refuseLongLines(String where, String text, WorkflowException notJson) throws WorkflowException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (i - start > Limits.MAX_YAML_LINE_CHARS) {
                    if (notJson != null) {
                        throw notJson; // it looked like JSON: its JSON error says more than the line's length
                    }
                    throw new WorkflowException(new Problem(where, null, null, "line " + line + " is "
                            + Limits.count(i - start) + " characters long, more than " + Limits.count(Limits.MAX_YAML_LINE_CHARS)
                            + " (limit for YAML lines; break long values over several lines, or write the document as JSON)"));
                }
                if (i < text.length() && text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
                start = i + 1;
            }
        }
    }

    /** SnakeYAML's words for the limits it enforces, in ours. */
    private static String yamlProblem(String message) {
        if (message == null) {
            return "unreadable";
        }
        if (message.startsWith("Nesting Depth exceeded")) {
            return "nested deeper than " + Limits.MAX_NESTING_DEPTH + " levels (limit for workflow documents)";
        }
        if (message.startsWith("Number of aliases")) {
            return "more than " + Limits.count(Limits.MAX_YAML_ALIASES) + " aliases to mappings or lists (limit for YAML documents)";
        }
        // SnakeYAML quotes what it found (a duplicate key, say), which may be huge.
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }

    record FunctionInfo(String workflow, Map<String, String> images, int maxContainers) {
        static final FunctionInfo NONE = new FunctionInfo(null, Map.of(), Workflow.DEFAULT_MAX_CONTAINERS);
    }

    static FunctionInfo parseFunctionInfo(String where, String text) throws WorkflowException {
        Object tree = parseDocument(where, text);
        if (!(tree instanceof Map<?, ?> root)) {
            throw new WorkflowException(new Problem(where, null, null, "expected a mapping with workflow and functions"));
        }
        Map<String, String> images = new LinkedHashMap<>();
        if (root.get("functions") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> f && isScalar(f.get("name"))
                        && (f.get("image") == null || isScalar(f.get("image")))) {
                    Object image = f.get("image");
                    images.put(f.get("name").toString(), image == null ? null : image.toString());
                } else {
                    throw new WorkflowException(new Problem(where, null, "functions[" + i + "]", "expected {name, image}"));
                }
            }
        }
        int max = Workflow.DEFAULT_MAX_CONTAINERS;
        Object maxNode = root.get("max_containers");
        if (maxNode != null) {
            try {
                max = isScalar(maxNode) ? Integer.parseInt(maxNode.toString().trim()) : -1;
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > Limits.MAX_CONTAINERS) {
                throw new WorkflowException(new Problem(where, null, "max_containers", "must be a whole number from 1 to "
                        + Limits.count(Limits.MAX_CONTAINERS) + " (limit for max_containers), got "
                        + (isScalar(maxNode) ? Limits.quote(maxNode.toString()) : "a " + (maxNode instanceof Map ? "mapping" : "list"))));
            }
        }
        Object wf = root.get("workflow");
        if (wf != null && !isScalar(wf)) {
            throw new WorkflowException(new Problem(where, null, "workflow", "expected the workflow's name"));
        }
        return new FunctionInfo(wf == null ? null : wf.toString(), images, max);
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }
}
