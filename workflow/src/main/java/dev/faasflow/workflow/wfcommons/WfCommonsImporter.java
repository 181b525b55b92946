package dev.faasflow.workflow.wfcommons;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowParser;
import dev.faasflow.workflow.WorkflowWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports a WfCommons WfFormat instance (an execution trace of a scientific workflow) as a workflow the
 * engine can run by replay, like the artifact's Cycles, Epigenomics, Genome and SoyKB benchmarks.
 * <p>
 * Versions 1.0 to 1.4 ({@code workflow.tasks[]} with embedded {@code files[]}) and 1.5
 * ({@code workflow.specification} plus {@code workflow.execution}) are told apart by {@code schemaVersion}.
 * <ul>
 *   <li>One function per task, named after the task id (1.4: the task name when it is unique, else its
 *       id), sanitized to letters, digits and {@code _ . -} and made unique. Runtime from the trace
 *       (1.5: the execution entry with the same id; 0 when there is none); scale 3; mem_usage 0.25.</li>
 *   <li>Source: the program the task runs ({@code command.program}: 1.4 on the task, 1.5 on its
 *       execution entry), else its {@code category} (1.4), else the {@code name} several tasks share,
 *       else its name without the instance number; image {@code <workflow>_<source>}, so every
 *       task of one program uses one image (as the artifact names images {@code <workflow>_<function>}).</li>
 *   <li>Edges: the union of every task's parents and children.</li>
 *   <li>Data: a file a task writes is an output of that task (type {@code normal}, its size); a task
 *       reading it gets an input {@code {type: pass, value: {function: writer, parameter: key}}}. A file
 *       no task writes is a global input. File ids are the keys (sanitized, unique). When the trace does
 *       not make the writer an ancestor of the reader, the import adds that edge (see
 *       {@link ImportResult#notes()}).</li>
 *   <li>The result goes through the ordinary {@link WorkflowParser} validation.</li>
 * </ul>
 * Anything wrong (unreadable file, not JSON, unsupported {@code schemaVersion}, missing or mistyped
 * fields, unknown parent or file ids, cycles) is a {@link WorkflowException} whose problems name the file,
 * the task and the JSON path of the field.
 */
public final class WfCommonsImporter {
    /** {@code schemaVersion} values read as the older layout ({@code workflow.tasks}). */
    public static final Set<String> LEGACY_VERSIONS = Set.of("1.0", "1.1", "1.2", "1.3", "1.4");
    public static final String VERSION_1_5 = "1.5";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WfCommonsImporter() {
    }

    /** The trace as a validated workflow. */
    public static Workflow importTrace(Path traceJson) throws WorkflowException {
        return importDetailed(traceJson).workflow();
    }

    /** The trace in the flat {@code flat_workflow.yaml} format. */
    public static String importToYaml(Path traceJson) throws WorkflowException {
        return WorkflowWriter.toYaml(importTrace(traceJson));
    }

    /** The workflow plus what the import decided on the way (edges it added). */
    public static ImportResult importDetailed(Path traceJson) throws WorkflowException {
        String where = traceJson.toString();
        JsonNode root;
        try (InputStream in = Files.newInputStream(traceJson)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new WorkflowException(new Problem(where, null, null, "no such file"));
        } catch (AccessDeniedException e) {
            throw new WorkflowException(new Problem(where, null, null, "cannot read: permission denied"));
        } catch (JsonProcessingException e) {
            throw notJson(where, e);
        } catch (IOException e) {
            throw new WorkflowException(new Problem(where, null, null, "cannot read: " + e.getMessage()));
        }
        Path fileName = traceJson.getFileName();
        return convert(where, root, fileName == null ? null : fileName.toString());
    }

    /**
     * Imports a trace held in memory (an upload, a request body).
     *
     * @param where    how to name the source in problems
     * @param json     the instance
     * @param fallback the workflow name when the instance has none usable (a file name works)
     */
    public static ImportResult importJson(String where, String json, String fallback) throws WorkflowException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(where, e);
        }
        return convert(where, root, fallback);
    }

    private static WorkflowException notJson(String where, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String position = at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new WorkflowException(new Problem(where, null, null,
                "not valid JSON" + position + ": " + e.getOriginalMessage()));
    }

    private static ImportResult convert(String where, JsonNode root, String fallbackName) throws WorkflowException {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new WorkflowException(new Problem(where, null, null, "empty: expected a WfCommons WfFormat instance"));
        }
        if (!root.isObject()) {
            throw new WorkflowException(new Problem(where, null, null,
                    "expected a JSON object (a WfCommons WfFormat instance), got " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<Problem> problems = new ArrayList<>();
        JsonNode versionNode = root.get("schemaVersion");
        String version = null;
        if (versionNode == null || versionNode.isNull()) {
            problems.add(new Problem(where, null, "schemaVersion", "missing: expected \"1.5\" or \"1.0\" to \"1.4\""));
        } else if (versionNode.isTextual() || versionNode.isNumber()) {
            version = versionNode.asText();
            if (!version.equals(VERSION_1_5) && !LEGACY_VERSIONS.contains(version)) {
                problems.add(new Problem(where, null, "schemaVersion", "unsupported version '" + version
                        + "' (supported: 1.0 to 1.4 and 1.5)"));
                version = null;
            }
        } else {
            problems.add(new Problem(where, null, "schemaVersion", "expected a string such as \"1.5\", got " + versionNode));
        }
        JsonNode workflow = root.get("workflow");
        if (workflow == null || workflow.isNull()) {
            problems.add(new Problem(where, null, "workflow", "missing: the instance has no workflow object"));
        } else if (!workflow.isObject()) {
            problems.add(new Problem(where, null, "workflow", "expected an object, got " + workflow));
        }
        JsonNode nameNode = root.get("name");
        String traceName = nameNode != null && nameNode.isTextual() ? nameNode.textValue() : null;
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }

        TraceReader reader = new TraceReader(where, problems);
        Trace trace = version.equals(VERSION_1_5)
                ? reader.read15(traceName, version, workflow)
                : reader.read14(traceName, version, workflow);
        if (trace == null || !problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
        TraceConverter converter = new TraceConverter(where, trace, problems);
        Map<String, Object> document = converter.convert();
        if (document == null || !problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
        String name = workflowName(traceName, fallbackName);
        Map<String, String> images = new LinkedHashMap<>();
        converter.sources().forEach((function, source) -> images.put(function, image(name, source)));
        Workflow result = WorkflowParser.parse(where, name, document, images, Workflow.DEFAULT_MAX_CONTAINERS);
        return new ImportResult(result, version, converter.dataEdges(), converter.notes());
    }

    /** The image (implementation name) of every task running {@code source} in workflow {@code workflow}. */
    static String image(String workflow, String source) {
        return workflow + "_" + source;
    }

    /** The trace's name, sanitized; else the file name without its extension; else "workflow". */
    static String workflowName(String traceName, String fileName) {
        String name = Names.workflowName(traceName);
        if (name == null && fileName != null) {
            name = Names.workflowName(fileName.replaceFirst("(?i)\\.json$", ""));
        }
        return name == null ? "workflow" : name;
    }
}
