package dev.faasflow.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The eight benchmark workflows shipped with the product, loadable by name. */
public final class Benchmarks {
    public static final List<String> NAMES = List.of(
            "cycles", "epigenomics", "genome", "soykb", "video", "illgal_recognizer", "fileprocessing", "wordcount");

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
