package dev.faasflow.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed document tree (maps, lists, scalars from YAML or JSON) into a validated {@link Workflow},
 * collecting every problem instead of stopping at the first. Accepts the artifact's snake_case field names
 * and the custom resource's camelCase ones.
 */
public final class WorkflowParser {
    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    /** Problems beyond {@link Limits#MAX_PROBLEMS}, counted only. */
    private int unreported;

    private WorkflowParser(String file) {
        this.file = file;
    }

    /**
     * @param file   where the document came from, for messages (may be null)
     * @param name   the workflow's name
     * @param tree   the document: {@code global_input}, {@code functions}, {@code global_output}
     * @param images image per function name (from function_info.yaml), may be empty
     */
    public static Workflow parse(String file, String name, Object tree, Map<String, String> images,
                                 int maxContainers) throws WorkflowException {
        WorkflowParser parser = new WorkflowParser(file);
        Workflow workflow = parser.build(name, tree, images, maxContainers);
        if (!parser.problems.isEmpty()) {
            List<Problem> all = new ArrayList<>(parser.problems);
            if (parser.unreported > 0) {
                all.add(new Problem(file, null, null, "and " + Limits.count(parser.unreported) + " more problems (only the first "
                        + Limits.MAX_PROBLEMS + " are listed)"));
            }
            throw new WorkflowException(all);
        }
        return workflow;
    }

    private void problem(String function, String field, String message) {
        if (problems.size() < Limits.MAX_PROBLEMS) {
            problems.add(new Problem(file, function, field, message));
        } else {
            unreported++;
        }
    }

    private Workflow build(String name, Object tree, Map<String, String> images, int maxContainers) {
        if (!(tree instanceof Map<?, ?> root)) {
            problem(null, null, "expected a mapping with 'functions' at the top level");
            return null;
        }
        if (name == null || name.isBlank()) {
            problem(null, "name", "the workflow has no name");
        } else if (Limits.nameProblem(name) != null) {
            problem(null, "name", "workflow " + Limits.nameProblem(name));
        }
        Map<String, DataSpec> globalInputs = dataSpecs(null, "global_input", field(root, "global_input", "globalInput"));
        Map<String, DataSpec> globalOutputs = dataSpecs(null, "global_output", field(root, "global_output", "globalOutput"));
        Defaults defaults = defaults(root.get("defaults"));
        Object functionsNode = field(root, "functions", "functions");
        if (!(functionsNode instanceof List<?> list) || list.isEmpty()) {
            problem(null, "functions", "expected a non-empty list of functions");
            return null;
        }
        if (list.size() > Limits.MAX_FUNCTIONS) {
            problem(null, "functions", Limits.count(list.size()) + " functions, more than " + Limits.count(Limits.MAX_FUNCTIONS)
                    + " (limit for functions in one workflow)");
            return null;
        }
        List<FunctionDef> functions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            FunctionDef f = function(i, list.get(i), images);
            if (f == null) {
                continue;
            }
            if (!names.add(f.name())) {
                problem(f.name(), "name", "duplicate function name (functions[" + i + "])");
                continue;
            }
            functions.add(f);
        }
        for (String imageOwner : images.keySet()) {
            if (!names.contains(imageOwner)) {
                problem(imageOwner, "image", "function_info names a function the workflow does not have");
            } else if (images.get(imageOwner) != null && Limits.referenceProblem(images.get(imageOwner)) != null) {
                problem(imageOwner, "image", "image " + Limits.referenceProblem(images.get(imageOwner)));
            }
        }
        if (!checkEdges(functions)) {
            return null;
        }
        if (!checkAcyclic(functions)) {
            return null;
        }
        Workflow workflow;
        try {
            workflow = new Workflow(name, globalInputs, globalOutputs, functions, maxContainers, defaults.retry,
                    defaults.timeoutSeconds);
        } catch (IllegalArgumentException e) {
            problem(null, null, e.getMessage());
            return null;
        }
        checkData(workflow);
        return problems.isEmpty() ? workflow : null;
    }

    private static Object field(Map<?, ?> map, String snake, String camel) {
        Object v = map.get(snake);
        return v != null ? v : map.get(camel);
    }

    private FunctionDef function(int index, Object node, Map<String, String> images) {
        String where = "functions[" + index + "]";
        if (!(node instanceof Map<?, ?> map)) {
            problem(null, where, "expected a mapping");
            return null;
        }
        // A name must be written as text: YAML would read 007 as the number 7.
        if (!(map.get("name") instanceof String name) || name.isBlank()) {
            problem(null, where + ".name", "missing or not a string");
            return null;
        }
        if (Limits.nameProblem(name) != null) {
            // Keep the function, so what refers to it is not reported again; the problem names the index.
            problem(null, where + ".name", "function " + Limits.nameProblem(name));
        }
        String source = text(name, "source", map.get("source"));
        if (source != null && Limits.referenceProblem(source) != null) {
            problem(name, "source", "source " + Limits.referenceProblem(source));
        }
        FunctionKind kind = FunctionKind.of(name, source);
        double runtime = number(name, "runtime", map.get("runtime"), 0.0, Limits.MAX_RUNTIME_SECONDS, "seconds");
        double scale = number(name, "scale", map.get("scale"), FunctionDef.DEFAULT_SCALE, Limits.MAX_SCALE, "slots");
        double memUsage = number(name, "mem_usage", field(map, "mem_usage", "memUsage"), FunctionDef.DEFAULT_MEM_USAGE, 1.0, "");
        double splitRatio = number(name, "split_ratio", field(map, "split_ratio", "splitRatio"), 1.0, Limits.MAX_SPLIT_RATIO, "");
        if (scale != Math.rint(scale)) {
            problem(name, "scale", "must be a whole number of slots, got " + scale);
        }
        Map<String, DataSpec> inputs = dataSpecs(name, "input", map.get("input"));
        Map<String, DataSpec> outputs = dataSpecs(name, "output", map.get("output"));
        Next next = next(name, map.get("next"));
        String image = images.get(name);
        if (image == null && map.get("image") != null) {
            image = text(name, "image", map.get("image"));
            if (image != null && Limits.referenceProblem(image) != null) {
                problem(name, "image", "image " + Limits.referenceProblem(image));
            }
        }
        RetryPolicy retry = retry(name, "retry", map.get("retry"));
        double timeout = timeoutSeconds(name, "timeout_seconds", field(map, "timeout_seconds", "timeoutSeconds"));
        return new FunctionDef(name, source == null ? name : source, kind, runtime, (int) scale, memUsage,
                splitRatio, inputs, outputs, next, image, retry, timeout);
    }

    /** The workflow-wide {@code defaults}: a retry policy and an attempt timeout for functions that name none. */
    private record Defaults(RetryPolicy retry, double timeoutSeconds) {
    }

    private static final List<String> DEFAULTS_FIELDS = List.of("retry", "timeout_seconds");
    private static final List<String> RETRY_FIELDS = List.of("limit", "backoff_seconds", "max_backoff_seconds");

    private Defaults defaults(Object node) {
        if (node == null) {
            return new Defaults(null, 0);
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(null, "defaults", "expected a mapping with retry and timeout_seconds, got " + kindOf(node));
            return new Defaults(null, 0);
        }
        if (!knownFields(null, "defaults", map, DEFAULTS_FIELDS)) {
            return new Defaults(null, 0);
        }
        return new Defaults(retry(null, "defaults.retry", map.get("retry")),
                timeoutSeconds(null, "defaults.timeout_seconds", field(map, "timeout_seconds", "timeoutSeconds")));
    }

    /**
     * {@code retry: {limit, backoff_seconds, max_backoff_seconds}} (camelCase too); null when absent. Unknown fields
     * and values out of range are problems naming the function and the field.
     */
    private RetryPolicy retry(String function, String where, Object node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(function, where, "expected a mapping with limit, backoff_seconds and max_backoff_seconds, got "
                    + kindOf(node));
            return null;
        }
        if (!knownFields(function, where, map, RETRY_FIELDS)) {
            return null;
        }
        int before = problems.size() + unreported;
        double limit = number(function, where + ".limit", map.get("limit"), 0, Limits.MAX_RETRY_LIMIT, "retries");
        if (limit != Math.rint(limit)) {
            problem(function, where + ".limit", "must be a whole number of retries, got " + limit);
        }
        double backoff = number(function, where + ".backoff_seconds", field(map, "backoff_seconds", "backoffSeconds"),
                RetryPolicy.DEFAULT_BACKOFF_SECONDS, Limits.MAX_BACKOFF_SECONDS, "seconds");
        Object maxNode = field(map, "max_backoff_seconds", "maxBackoffSeconds");
        double max = number(function, where + ".max_backoff_seconds", maxNode,
                Math.max(backoff, RetryPolicy.DEFAULT_MAX_BACKOFF_SECONDS), Limits.MAX_BACKOFF_SECONDS, "seconds");
        if (maxNode != null && max < backoff) {
            problem(function, where + ".max_backoff_seconds", "must not be below backoff_seconds (" + backoff + "), got " + max);
        }
        if (problems.size() + unreported != before) {
            return null;
        }
        return new RetryPolicy((int) limit, backoff, max);
    }

    /** {@code timeout_seconds}: how long one attempt of a function may take; 0 when absent. */
    private double timeoutSeconds(String function, String where, Object node) {
        if (node == null) {
            return 0;
        }
        int before = problems.size() + unreported;
        double seconds = number(function, where, node, 0, Limits.MAX_FUNCTION_TIMEOUT_SECONDS, "seconds");
        if (seconds == 0 && problems.size() + unreported == before) {
            problem(function, where, "must be more than 0 seconds, got " + Limits.quote(String.valueOf(node)));
        }
        return seconds;
    }

    /** True when every key of {@code map} is one of {@code known} (snake_case, or its camelCase spelling). */
    private boolean knownFields(String function, String where, Map<?, ?> map, List<String> known) {
        boolean ok = true;
        for (Object key : map.keySet()) {
            String k = String.valueOf(key);
            if (!known.contains(k) && !known.contains(snake(k))) {
                problem(function, where + "." + Limits.shorten(k), "unknown field (known: " + String.join(", ", known) + ")");
                ok = false;
            }
        }
        return ok;
    }

    /** backoffSeconds → backoff_seconds. */
    private static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A scalar's text (numbers and booleans as written); null, after a problem, for a mapping or a list
     * (never turned into text: behind an alias it may stand for millions of values).
     */
    private String text(String function, String fieldName, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        problem(function, fieldName, "expected text, got " + kindOf(value));
        return null;
    }

    private static String kindOf(Object value) {
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof java.util.Collection<?>) {
            return "a list";
        }
        return "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " value";
    }

    /** Longest text read as a number: anything longer is not a sensible number of any field. */
    private static final int MAX_NUMBER_TEXT = 64;

    private double number(String function, String fieldName, Object value, double fallback, double max, String unit) {
        if (value == null) {
            return fallback;
        }
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else if (value instanceof String s && s.length() <= MAX_NUMBER_TEXT) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                problem(function, fieldName, "not a number: " + Limits.quote(s));
                return fallback;
            }
        } else {
            problem(function, fieldName, "not a number: " + (value instanceof String s ? Limits.quote(s) : kindOf(value)));
            return fallback;
        }
        if (Double.isNaN(d) || d < 0 || d > max) {
            String range = "from 0 to " + (max == Math.rint(max) ? Limits.count((long) max) : String.valueOf(max))
                    + (unit.isEmpty() ? "" : " " + unit);
            problem(function, fieldName, "must be " + range + " (limit for " + fieldName.replaceFirst(".*\\.", "")
                    + "), got " + Limits.quote(value.toString()));
            return fallback;
        }
        return d;
    }

    private Map<String, DataSpec> dataSpecs(String function, String fieldName, Object node) {
        Map<String, DataSpec> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(function, fieldName, "expected a mapping of key to {type, value, size}");
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = text(function, fieldName, e.getKey());
            if (key == null) {
                continue;
            }
            String where = fieldName + "." + Limits.shorten(key);
            if (Limits.keyProblem(key) != null) {
                problem(function, where, Limits.keyProblem(key));
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                problem(function, where, "expected a mapping with type, value and size");
                continue;
            }
            Object typeNode = spec.get("type");
            String typeText = text(function, where + ".type", typeNode);
            DataType type = typeNode != null && typeText == null ? DataType.NORMAL : DataType.parse(typeText);
            if (type == null) {
                problem(function, where + ".type", "unknown type " + Limits.quote(typeText) + " (normal, pass, key or keys)");
                type = DataType.NORMAL; // keep the entry so one mistake is reported once
            }
            DataRef ref = null;
            Object valueNode = spec.get("value");
            if (valueNode instanceof Map<?, ?> v) {
                String fn = text(function, where + ".value.function", v.get("function"));
                String param = text(function, where + ".value.parameter", v.get("parameter"));
                if (param == null) {
                    if (v.get("parameter") == null) {
                        problem(function, where + ".value.parameter", "missing");
                    }
                    continue;
                }
                if (Limits.keyProblem(param) != null) {
                    problem(function, where + ".value.parameter", Limits.keyProblem(param));
                    param = null; // keep the entry under its name, so nothing else is reported for it
                }
                ref = param == null ? null : new DataRef(fn == null ? DataRef.INPUT : fn, param);
            } else if (valueNode != null) {
                problem(function, where + ".value", "expected {function, parameter}");
                continue;
            }
            double size = number(function, where + ".size", spec.get("size"), 0, Limits.MAX_SIZE_BYTES, "bytes");
            if (size != Math.rint(size)) {
                problem(function, where + ".size", "must be a whole number of bytes, got " + size);
            }
            out.put(key, new DataSpec(key, type, ref, (long) size));
        }
        return out;
    }

    private Next next(String function, Object node) {
        if (node == null) {
            return Next.NONE;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problem(function, "next", "expected a mapping with type and nodes");
            return Next.NONE;
        }
        Object typeNode = map.get("type");
        String typeText = text(function, "next.type", typeNode);
        NextType type = typeNode != null && typeText == null ? NextType.PASS : NextType.parse(typeText);
        if (type == null) {
            problem(function, "next.type", "unknown next type " + Limits.quote(typeText) + " (pass, parallel, switch or foreach)");
            type = NextType.PASS;
        }
        List<String> nodes = strings(function, "next.nodes", map.get("nodes"));
        List<String> conditions = strings(function, "next.conditions", map.get("conditions"));
        if (type == NextType.SWITCH) {
            if (conditions.size() != nodes.size()) {
                problem(function, "next.conditions", "a switch needs one condition per node: " + nodes.size()
                        + " nodes, " + conditions.size() + " conditions");
            }
            for (int i = 0; i < conditions.size(); i++) {
                try {
                    Condition.parse(conditions.get(i));
                } catch (ConditionSyntaxException e) {
                    problem(function, "next.conditions[" + i + "]", e.getMessage());
                }
            }
        } else if (!conditions.isEmpty()) {
            problem(function, "next.conditions", "conditions are only allowed with next.type switch, not "
                    + type.yamlName());
        }
        return new Next(type, nodes, conditions);
    }

    private List<String> strings(String function, String fieldName, Object node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof List<?> list)) {
            problem(function, fieldName, "expected a list");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            if (o == null) {
                problem(function, fieldName, "contains an empty entry");
            } else {
                String s = text(function, fieldName + "[" + i + "]", o);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private boolean checkEdges(List<FunctionDef> functions) {
        Set<String> names = new HashSet<>();
        functions.forEach(f -> names.add(f.name()));
        boolean ok = true;
        for (FunctionDef f : functions) {
            List<String> nodes = f.next().nodes();
            for (int i = 0; i < nodes.size(); i++) {
                if (!names.contains(nodes.get(i))) {
                    problem(f.name(), "next.nodes[" + i + "]", "unknown successor " + Limits.quote(nodes.get(i)));
                    ok = false;
                }
            }
        }
        return ok;
    }

    private boolean checkAcyclic(List<FunctionDef> functions) {
        Map<String, FunctionDef> byName = new HashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
        for (FunctionDef start : functions) {
            if (state.containsKey(start.name())) {
                continue;
            }
            // Iterative DFS: real traces are deep enough to overflow the stack.
            Deque<String> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> its = new ArrayDeque<>();
            path.push(start.name());
            its.push(start.next().nodes().iterator());
            state.put(start.name(), 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = its.peek();
                if (it.hasNext()) {
                    String next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        path.push(next);
                        its.push(byName.get(next).next().nodes().iterator());
                    } else if (s == 1) {
                        List<String> cycle = new ArrayList<>();
                        for (String p : path) {
                            cycle.add(0, p);
                            if (p.equals(next)) {
                                break;
                            }
                        }
                        cycle.add(next);
                        problem(path.peek(), "next.nodes", "cycle: " + String.join(" -> ", cycle));
                        return false;
                    }
                } else {
                    state.put(path.pop(), 2);
                    its.pop();
                }
            }
        }
        return true;
    }

    /** Inputs, conditions and foreach lists must be provided by the global input or some ancestor. */
    private void checkData(Workflow wf) {
        Set<String> globalKeys = new HashSet<>();
        wf.globalInputs().forEach((k, spec) -> {
            globalKeys.add(k);
            globalKeys.add(spec.key());
        });
        Provenance provenance = new Provenance(wf);
        for (int i = 0; i < wf.size(); i++) {
            FunctionDef f = wf.function(i);
            for (DataSpec in : f.inputs().values()) {
                if (in.value() != null && !in.value().fromGlobalInput() && !wf.hasFunction(in.value().function())) {
                    problem(f.name(), "input." + in.name() + ".value.function",
                            "unknown function " + Limits.quote(in.value().function()));
                } else if (!globalKeys.contains(in.key()) && !provenance.ancestorOutputs(i, in.key())) {
                    problem(f.name(), "input." + in.name(), "key " + Limits.quote(in.key())
                            + " is provided by no predecessor and no global input");
                }
            }
            if (wf.isForeach(f.name()) && f.foreachKeyInput().isEmpty()) {
                problem(f.name(), "input", "a foreach function needs an input of type key (the list it iterates)");
            }
            List<String> conditions = f.next().conditions();
            for (int c = 0; c < conditions.size(); c++) {
                try {
                    for (String key : Condition.parse(conditions.get(c)).referencedKeys()) {
                        if (!globalKeys.contains(key) && !provenance.ancestorOutputs(i, key) && !f.outputs().containsKey(key)) {
                            problem(f.name(), "next.conditions[" + c + "]", "reads key " + Limits.quote(key)
                                    + " that no predecessor or global input provides");
                        }
                    }
                } catch (ConditionSyntaxException e) {
                    // already reported while parsing next
                }
            }
        }
    }

    /**
     * Answers "does some ancestor of function i output key k?" in time that does not grow with the square
     * of the workflow: direct predecessors first (the usual answer), else one bit set of ancestors per
     * function (built once, in topological order) against one bit set of producers per key.
     */
    private static final class Provenance {
        private final Workflow wf;
        private BitSet[] ancestors;
        private Map<String, BitSet> producers;

        Provenance(Workflow wf) {
            this.wf = wf;
        }

        boolean ancestorOutputs(int index, String key) {
            for (int p : wf.predecessorsOf(index)) {
                if (wf.function(p).outputs().containsKey(key)) {
                    return true;
                }
            }
            if (ancestors == null) {
                build();
            }
            BitSet from = producers.get(key);
            return from != null && from.intersects(ancestors[index]);
        }

        private void build() {
            int n = wf.size();
            ancestors = new BitSet[n];
            for (int u : wf.topologicalOrder()) {
                BitSet a = new BitSet(n);
                for (int p : wf.predecessorsOf(u)) {
                    a.or(ancestors[p]);
                    a.set(p);
                }
                ancestors[u] = a;
            }
            producers = new HashMap<>();
            for (int i = 0; i < n; i++) {
                for (String out : wf.function(i).outputs().keySet()) {
                    producers.computeIfAbsent(out, k -> new BitSet(n)).set(i);
                }
            }
        }
    }
}
