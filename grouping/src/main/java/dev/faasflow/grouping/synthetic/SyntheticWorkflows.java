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
 * Generated DAGs for scale tests: layered shapes like Genome and SoyKB (fan-out, wide middle, fan-in) and
 * random DAGs. Seeded, so the same call gives the same workflow.
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

        Builder(String name) {
            this.name = name;
        }

        void add(String function, List<String> parents, Random random) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", function);
            f.put("source", "replay");
            f.put("runtime", Math.round((0.1 + random.nextDouble() * 4.9) * 100) / 100.0);
            f.put("scale", 3);
            f.put("mem_usage", 0.25);
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (String p : parents) {
                long size = (Long) ((Map<?, ?>) ((Map<?, ?>) functions.get(p).get("output")).get("out-" + p)).get("size");
                inputs.put("out-" + p, Map.of("type", "normal", "value", Map.of("function", p, "parameter", "out-" + p),
                        "size", size));
                @SuppressWarnings("unchecked")
                List<String> next = (List<String>) ((Map<String, Object>) functions.get(p).get("next")).get("nodes");
                next.add(function);
            }
            f.put("input", inputs);
            long size = (long) Math.pow(10, 3 + random.nextDouble() * 4.5); // 1 KB .. 30 MB
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
            root.put("functions", new ArrayList<>(functions.values()));
            try {
                return WorkflowParser.parse("generated:" + name, name, root, Map.of(), Workflow.DEFAULT_MAX_CONTAINERS);
            } catch (WorkflowException e) {
                throw new IllegalStateException("generated workflow is invalid: " + e.getMessage(), e);
            }
        }
    }
}
