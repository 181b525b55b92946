package dev.faasflow.workflow;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Workflow} back in the artifact's {@code flat_workflow.yaml} layout: {@code global_input},
 * {@code functions} (name, source, runtime, scale, mem_usage, split_ratio when not 1, input, output, next,
 * retry and timeout_seconds when given), {@code global_output}, {@code defaults} when given. Reading the text back with {@link WorkflowLoader#parse} gives an equal workflow
 * (images and the warm-pool cap live in {@code function_info.yaml}: see {@link #toFunctionInfoYaml}).
 * <p>
 * The output is deterministic (declaration order everywhere) and has no anchors or aliases.
 */
public final class WorkflowWriter {
    public static final String FLAT_WORKFLOW = "flat_workflow.yaml";

    private WorkflowWriter() {
    }

    /** The workflow in the flat format. */
    public static String toYaml(Workflow workflow) {
        return yaml().dump(toTree(workflow));
    }

    /**
     * The companion {@code function_info.yaml}: the workflow's name, {@code max_containers} and the image of
     * every function that has one.
     */
    public static String toFunctionInfoYaml(Workflow workflow) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workflow", workflow.name());
        root.put("max_containers", workflow.maxContainers());
        List<Object> functions = new ArrayList<>();
        for (FunctionDef f : workflow.functions()) {
            if (f.image() != null) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", f.name());
                entry.put("image", f.image());
                functions.add(entry);
            }
        }
        root.put("functions", functions);
        return yaml().dump(root);
    }

    /**
     * Writes {@code flat_workflow.yaml} and {@code function_info.yaml} into {@code dir} (created if needed),
     * the layout {@link WorkflowLoader#load} and {@link Benchmarks#loadPathOrName} read back, name included.
     */
    public static void write(Workflow workflow, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FLAT_WORKFLOW), toYaml(workflow), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(WorkflowLoader.FUNCTION_INFO), toFunctionInfoYaml(workflow), StandardCharsets.UTF_8);
    }

    /**
     * The flat document as plain maps, lists and scalars (fresh objects throughout, so any serialiser
     * writes it without references); also usable to emit JSON.
     */
    public static Map<String, Object> toTree(Workflow workflow) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global_input", specs(workflow.globalInputs()));
        List<Object> functions = new ArrayList<>(workflow.size());
        for (FunctionDef f : workflow.functions()) {
            functions.add(function(f));
        }
        root.put("functions", functions);
        root.put("global_output", specs(workflow.globalOutputs()));
        if (workflow.defaultRetry() != null || workflow.defaultTimeoutSeconds() > 0) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            if (workflow.defaultRetry() != null) {
                defaults.put("retry", retry(workflow.defaultRetry()));
            }
            if (workflow.defaultTimeoutSeconds() > 0) {
                defaults.put("timeout_seconds", number(workflow.defaultTimeoutSeconds()));
            }
            root.put("defaults", defaults);
        }
        return root;
    }

    private static Map<String, Object> retry(RetryPolicy policy) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("limit", policy.limit());
        r.put("backoff_seconds", number(policy.backoffSeconds()));
        r.put("max_backoff_seconds", number(policy.maxBackoffSeconds()));
        return r;
    }

    private static Map<String, Object> function(FunctionDef f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", f.name());
        // The kind is derived from name and source. A source the file never gave (a virtual node named
        // virtual*) reads back as the name, so leave it out when writing it would change the kind.
        boolean sourceKeepsKind = FunctionKind.of(f.name(), f.source()) == f.kind();
        if (sourceKeepsKind || !f.source().equals(f.name())) {
            out.put("source", f.source());
        }
        out.put("runtime", number(f.runtime()));
        out.put("scale", f.scale());
        out.put("mem_usage", number(f.memUsage()));
        if (f.splitRatio() != 1.0) {
            out.put("split_ratio", number(f.splitRatio()));
        }
        if (!f.inputs().isEmpty()) {
            out.put("input", specs(f.inputs()));
        }
        if (!f.outputs().isEmpty()) {
            out.put("output", specs(f.outputs()));
        }
        Next next = f.next();
        if (!next.nodes().isEmpty() || !next.conditions().isEmpty() || next.type() != NextType.PASS) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("type", next.type().yamlName());
            n.put("nodes", new ArrayList<>(next.nodes()));
            if (!next.conditions().isEmpty()) {
                n.put("conditions", new ArrayList<>(next.conditions()));
            }
            out.put("next", n);
        }
        if (f.retry() != null) {
            out.put("retry", retry(f.retry()));
        }
        if (f.timeoutSeconds() > 0) {
            out.put("timeout_seconds", number(f.timeoutSeconds()));
        }
        return out;
    }

    private static Map<String, Object> specs(Map<String, DataSpec> specs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, DataSpec> e : specs.entrySet()) {
            DataSpec spec = e.getValue();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", spec.type().yamlName());
            if (spec.value() != null) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("function", spec.value().function());
                value.put("parameter", spec.value().parameter());
                s.put("value", value);
            }
            s.put("size", spec.size());
            out.put(e.getKey(), s);
        }
        return out;
    }

    /** Whole numbers as integers (runtime: 1, not 1.0); others as the shortest exact decimal. */
    private static Number number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return (long) d;
        }
        return d;
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        options.setAllowUnicode(true);
        return new Yaml(options);
    }
}
