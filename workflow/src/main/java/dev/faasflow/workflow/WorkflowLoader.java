package dev.faasflow.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.workflow.formats.WorkflowFormat;
import dev.faasflow.workflow.formats.WorkflowFormats;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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

    static String read(Path file) throws WorkflowException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WorkflowException(new Problem(file.toString(), null, null, "no such file"));
        } catch (IOException e) {
            throw new WorkflowException(new Problem(file.toString(), null, null, "cannot read: " + e.getMessage()));
        }
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

    /** YAML (a superset of JSON) with anchors and aliases resolved; JSON documents are read as JSON. */
    public static Object parseDocument(String where, String text) throws WorkflowException {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return JSON.readValue(text, Object.class);
            } catch (IOException e) {
                // Not strict JSON: fall through to the YAML parser, which reads flow style too.
            }
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100_000); // the scientific traces reuse anchors heavily
        options.setCodePointLimit(256 * 1024 * 1024);
        options.setAllowDuplicateKeys(false);
        try {
            Object tree = new Yaml(new SafeConstructor(options)).load(text);
            return tree == null ? new LinkedHashMap<>() : tree;
        } catch (MarkedYAMLException e) {
            String line = e.getProblemMark() == null ? "" : " (line " + (e.getProblemMark().getLine() + 1) + ")";
            throw new WorkflowException(new Problem(where, null, null, "not valid YAML" + line + ": " + e.getProblem()));
        } catch (YAMLException e) {
            throw new WorkflowException(new Problem(where, null, null, "not valid YAML: " + e.getMessage()));
        }
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
                if (list.get(i) instanceof Map<?, ?> f && f.get("name") != null) {
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
                max = Integer.parseInt(maxNode.toString().trim());
            } catch (NumberFormatException e) {
                throw new WorkflowException(new Problem(where, null, "max_containers", "not a whole number: " + maxNode));
            }
            if (max < 1) {
                throw new WorkflowException(new Problem(where, null, "max_containers", "must be at least 1, got " + max));
            }
        }
        Object wf = root.get("workflow");
        return new FunctionInfo(wf == null ? null : wf.toString(), images, max);
    }
}
