package dev.faasflow.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The workflows shipped with the product: the eight benchmarks, loadable by name, and the artifact's
 * nested DAGs (the grouping-scalability inputs) and structured examples.
 */
public final class Benchmarks {
    public static final List<String> NAMES = List.of(
            "cycles", "epigenomics", "genome", "soykb", "video", "illgal_recognizer", "fileprocessing", "wordcount");
    /** The artifact's nested DAGs, {@code nested-dags/<workflow>/main_<size>.yaml}, as {@code workflow-size}. */
    public static final List<String> NESTED_DAGS = List.of(
            "cycles-50", "cycles-100", "cycles-200", "cycles-500",
            "epigenomics-50", "epigenomics-100", "epigenomics-200", "epigenomics-500",
            "genome-50", "genome-100", "genome-200", "genome-500",
            "montage-200", "montage-500",
            "seismology-50", "seismology-100", "seismology-200", "seismology-500",
            "soykb-50", "soykb-100", "soykb-200", "soykb-500");
    /** The artifact's structured examples, {@code structured-examples/<name>/workflow.yaml}. */
    public static final List<String> STRUCTURED_EXAMPLES = List.of("foreach", "parallel", "parallel2", "switch");

    private Benchmarks() {
    }

    public static boolean isBenchmark(String name) {
        return NAMES.contains(name);
    }

    public static Workflow load(String name) throws WorkflowException {
        if (!isBenchmark(name)) {
            throw new WorkflowException(new Problem(null, null, null,
                    "unknown benchmark '" + name + "' (known: " + String.join(", ", NAMES) + ")"));
        }
        return WorkflowLoader.loadResource("benchmarks/" + name, name);
    }

    /** One of {@link #NESTED_DAGS}, e.g. {@code montage-200}. */
    public static Workflow loadNestedDag(String name) throws WorkflowException {
        if (!NESTED_DAGS.contains(name)) {
            throw new WorkflowException(new Problem(null, null, null,
                    "unknown nested DAG '" + name + "' (known: " + String.join(", ", NESTED_DAGS) + ")"));
        }
        int dash = name.lastIndexOf('-');
        return WorkflowLoader.loadResourceFile("benchmarks/nested-dags/" + name.substring(0, dash) + "/main_"
                + name.substring(dash + 1) + ".yaml", name);
    }

    /** One of {@link #STRUCTURED_EXAMPLES} in the structured language ({@code workflow.yaml}). */
    public static Workflow loadStructuredExample(String name) throws WorkflowException {
        if (!STRUCTURED_EXAMPLES.contains(name)) {
            throw new WorkflowException(new Problem(null, null, null,
                    "unknown structured example '" + name + "' (known: " + String.join(", ", STRUCTURED_EXAMPLES) + ")"));
        }
        return WorkflowLoader.loadResourceFile("benchmarks/structured-examples/" + name + "/workflow.yaml", name);
    }

    /**
     * The sample input shipped with a benchmark ({@code input.json} beside its definition), or null.
     * For a path, the {@code input.json} in the same folder.
     */
    public static String defaultInput(String pathOrName) {
        Path path = Path.of(pathOrName);
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        if (Files.exists(path) && dir != null && Files.isRegularFile(dir.resolve("input.json"))) {
            try {
                return Files.readString(dir.resolve("input.json"));
            } catch (java.io.IOException e) {
                return null;
            }
        }
        if (!Files.exists(path) && isBenchmark(pathOrName)) {
            try (java.io.InputStream in = Benchmarks.class.getClassLoader()
                    .getResourceAsStream("benchmarks/" + pathOrName + "/input.json")) {
                return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return null;
    }

    /** A path to a workflow file, or the name of a shipped benchmark when no such file exists. */
    public static Workflow loadPathOrName(String pathOrName) throws WorkflowException {
        Path path = Path.of(pathOrName);
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("flat_workflow.yaml"))) {
            return WorkflowLoader.load(path.resolve("flat_workflow.yaml"));
        }
        if (!Files.exists(path)) {
            if (isBenchmark(pathOrName)) {
                return load(pathOrName);
            }
            throw new WorkflowException(new Problem(pathOrName, null, null,
                    "no such file, and not a benchmark name (" + String.join(", ", NAMES) + ")"));
        }
        return WorkflowLoader.load(path);
    }
}
