package dev.faasflow.grouping.synthetic;

import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generated DAGs for scale tests: layered shapes like Genome and SoyKB (fan-out, wide middle, fan-in),
 * random DAGs, and pipelines of many tasks running few programs like real scientific traces. Seeded, so
 * the same call gives the same workflow.
 */
public final class SyntheticWorkflows {
    private SyntheticWorkflows() {
    }

    /** A layered DAG of about {@code functions} functions: widths grow to a wide middle and shrink again. */
    public static Workflow layered(int functions, long seed) {
        Random random = new Random(seed);
        int layers = Math.max(3, (int) Math.round(Math.sqrt(functions) / 2));
        List<Integer> widths = new ArrayList<>();
        double[] shape = new double[layers];
        double total = 0;
        for (int i = 0; i < layers; i++) {
            shape[i] = 1 + Math.sin(Math.PI * (i + 0.5) / layers) * 4;
            total += shape[i];
        }
        int assigned = 0;
        for (int i = 0; i < layers; i++) {
            int w = i == layers - 1 ? functions - assigned : Math.max(1, (int) Math.round(functions * shape[i] / total));
            w = Math.max(1, Math.min(w, functions - assigned - (layers - 1 - i)));
            widths.add(w);
            assigned += w;
        }
        List<List<String>> names = new ArrayList<>();
        Builder b = new Builder("layered-" + functions);
        int id = 0;
        for (int layer = 0; layer < layers; layer++) {
            List<String> current = new ArrayList<>();
            for (int k = 0; k < widths.get(layer); k++) {
                current.add(String.format("f%06d", id++));
            }
            for (String f : current) {
                List<String> parents = new ArrayList<>();
                if (layer > 0) {
                    List<String> above = names.get(layer - 1);
                    int count = 1 + random.nextInt(Math.min(3, above.size()));
                    Set<String> chosen = new LinkedHashSet<>();
                    while (chosen.size() < count) {
                        chosen.add(above.get(random.nextInt(above.size())));
                    }
                    parents.addAll(chosen);
                }
                b.add(f, parents, random);
            }
            names.add(current);
        }
        return b.build();
    }

    /**
     * A pipeline of {@code tasks} tasks running only {@code programs} programs, shaped like real scientific
     * traces (SoyKB-546 runs 14 programs, 1000Genome-738 five): one stage per program, in order. The first
     * stages run one chain per sample (equal widths: task i feeds task i of the next stage), then one stage
     * scatters each sample into two pieces, a few stages gather the pieces into a quarter as many tasks, and
     * the last stages run once each (a gather into a single task, then a chain). Every task runs its
     * program's typical runtime and writes its program's typical output size (both drawn per program,
     * within ±20% per task), reads each parent's output, and the first stage reads one global input per
     * task. Task {@code k} of program {@code p} is named {@code p_k} and has {@code source: p}, so the tasks
     * of one program share an image.
     *
     * @param tasks    how many functions, exactly (at least {@code programs})
     * @param programs how many distinct sources, one stage each (at least 1)
     */
    public static Workflow scientific(int tasks, int programs, long seed) {
        return scientific(tasks, programs, seed, 1.0);
    }

    /**
     * {@link #scientific(int, int, long)} with every output and global input size multiplied by {@code sizeFactor}
     * (the same shape and runtimes), so an engine test can run a big DAG without moving gigabytes.
     */
    public static Workflow scientific(int tasks, int programs, long seed, double sizeFactor) {
        if (!(sizeFactor > 0)) {
            throw new IllegalArgumentException("sizeFactor must be positive, got " + sizeFactor);
        }
        if (programs < 1 || tasks < programs) {
            throw new IllegalArgumentException("need at least one program and one task per program, got " + tasks
                    + " tasks and " + programs + " programs");
        }
        int[] widths = stageWidths(tasks, programs);
        Random random = new Random(seed);
        Builder b = new Builder("scientific-" + tasks + "-" + programs);
        List<String> previous = List.of();
        for (int stage = 0; stage < programs; stage++) {
            String program = String.format("program%02d", stage + 1);
            double runtime = Math.round((1 + random.nextDouble() * 29) * 100) / 100.0; // 1 .. 30 s
            double size = Math.pow(10, 4 + random.nextDouble() * 4) * sizeFactor; // 10 KB .. 100 MB
            List<String> current = new ArrayList<>(widths[stage]);
            for (int k = 0; k < widths[stage]; k++) {
                current.add(String.format("%s_%05d", program, k));
            }
            for (int k = 0; k < current.size(); k++) {
                List<String> parents = parentsOf(k, current.size(), previous);
                long globalInput = stage == 0 ? (long) (size * (0.8 + random.nextDouble() * 0.4)) : 0;
                b.add(current.get(k), program, parents, Math.round(runtime * (0.8 + random.nextDouble() * 0.4) * 100) / 100.0,
                        (long) (size * (0.8 + random.nextDouble() * 0.4)), globalInput);
            }
            previous = current;
        }
        return b.build();
    }

    /** Chains (half the stages), one scatter, gathers to a quarter, then single tasks; adding up to {@code tasks}. */
    static int[] stageWidths(int tasks, int programs) {
        int[] widths = new int[programs];
        if (programs == 1) {
            widths[0] = tasks;
            return widths;
        }
        int chains = Math.max(1, (int) Math.ceil(programs * 0.45));
        boolean scatter = programs >= 5;
        int gathers = programs >= 5 ? Math.max(1, (int) Math.ceil(programs * 0.15)) : 0;
        int singles = programs - chains - (scatter ? 1 : 0) - gathers;
        // tasks = chains*w + (scatter ? 2w : 0) + gathers*max(1, w/4) + singles
        double perSample = (tasks - singles) / (chains + (scatter ? 2.0 : 0.0) + gathers / 4.0);
        int w = Math.max(1, (int) Math.floor(perSample));
        int stage = 0;
        for (int i = 0; i < chains; i++) {
            widths[stage++] = w;
        }
        int scatterStage = scatter ? stage : -1;
        if (scatter) {
            widths[stage++] = 2 * w;
        }
        for (int i = 0; i < gathers; i++) {
            widths[stage++] = Math.max(1, w / 4);
        }
        while (stage < programs) {
            widths[stage++] = 1;
        }
        int sum = 0;
        for (int width : widths) {
            sum += width;
        }
        // The widest stage absorbs the rounding, so the total is exact.
        int absorb = scatterStage >= 0 ? scatterStage : 0;
        widths[absorb] += tasks - sum;
        if (widths[absorb] < 1) {
            throw new IllegalStateException("cannot lay out " + tasks + " tasks over " + programs + " programs");
        }
        return widths;
    }

    /** One-to-one for equal widths, task j takes the parent it scatters from, or the block it gathers. */
    private static List<String> parentsOf(int k, int width, List<String> previous) {
        int above = previous.size();
        if (above == 0) {
            return List.of();
        }
        if (above == width) {
            return List.of(previous.get(k));
        }
        if (above < width) {
            return List.of(previous.get((int) ((long) k * above / width)));
        }
        List<String> parents = new ArrayList<>();
        for (int i = (int) ((long) k * above / width); i < (long) (k + 1) * above / width; i++) {
            parents.add(previous.get(i));
        }
        return parents;
    }

    /** A random DAG: each function after the first has one to three parents among the earlier ones. */
    public static Workflow random(int functions, long seed) {
        Random random = new Random(seed);
        Builder b = new Builder("random-" + functions);
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
            String f = String.format("r%06d", i);
            List<String> parents = new ArrayList<>();
            if (i > 0 && random.nextInt(20) != 0) { // a few extra start functions
                int count = 1 + random.nextInt(Math.min(3, i));
                Set<String> chosen = new LinkedHashSet<>();
                // Prefer recent functions so the DAG is deep, not a star.
                while (chosen.size() < count) {
                    int window = Math.min(i, 50);
                    chosen.add(earlier.get(i - 1 - random.nextInt(window)));
                }
                parents.addAll(chosen);
            }
            b.add(f, parents, random);
            earlier.add(f);
        }
        return b.build();
    }

    private static final class Builder {
        private final String name;
        private final Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        private final Map<String, Object> globalInput = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        void add(String function, List<String> parents, Random random) {
            double runtime = Math.round((0.1 + random.nextDouble() * 4.9) * 100) / 100.0;
            long size = (long) Math.pow(10, 3 + random.nextDouble() * 4.5); // 1 KB .. 30 MB
            add(function, "replay", parents, runtime, size, 0);
        }

        /** A function reading every parent's output (and a global input of {@code globalInputSize} if above 0). */
        void add(String function, String source, List<String> parents, double runtime, long size, long globalInputSize) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", function);
            f.put("source", source);
            f.put("runtime", runtime);
            f.put("scale", 3);
            f.put("mem_usage", 0.25);
            Map<String, Object> inputs = new LinkedHashMap<>();
            if (globalInputSize > 0) {
                Map<String, Object> in = Map.of("type", "pass", "value", Map.of("function", "INPUT", "parameter",
                        "in-" + function), "size", globalInputSize);
                inputs.put("in-" + function, in);
                globalInput.put("in-" + function, in);
            }
            for (String p : parents) {
                long parentSize = (Long) ((Map<?, ?>) ((Map<?, ?>) functions.get(p).get("output")).get("out-" + p)).get("size");
                inputs.put("out-" + p, Map.of("type", "normal", "value", Map.of("function", p, "parameter", "out-" + p),
                        "size", parentSize));
                @SuppressWarnings("unchecked")
                List<String> next = (List<String>) ((Map<String, Object>) functions.get(p).get("next")).get("nodes");
                next.add(function);
            }
            f.put("input", inputs);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("out-" + function, new LinkedHashMap<>(Map.of("type", "normal", "size", size)));
            f.put("output", out);
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("type", "pass");
            next.put("nodes", new ArrayList<String>());
            f.put("next", next);
            functions.put(function, f);
        }

        Workflow build() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("global_input", globalInput);
            root.put("functions", new ArrayList<>(functions.values()));
            try {
                return WorkflowParser.parse("generated:" + name, name, root, Map.of(), Workflow.DEFAULT_MAX_CONTAINERS);
            } catch (WorkflowException e) {
                throw new IllegalStateException("generated workflow is invalid: " + e.getMessage(), e);
            }
        }
    }
}
