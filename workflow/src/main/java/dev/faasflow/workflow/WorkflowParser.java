package dev.faasflow.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
            throw new WorkflowException(parser.problems);
        }
        return workflow;
    }

    private void problem(String function, String field, String message) {
        problems.add(new Problem(file, function, field, message));
    }

    private Workflow build(String name, Object tree, Map<String, String> images, int maxContainers) {
        if (!(tree instanceof Map<?, ?> root)) {
            problem(null, null, "expected a mapping with 'functions' at the top level");
            return null;
        }
        if (name == null || name.isBlank()) {
            problem(null, "name", "the workflow has no name");
        }
        Map<String, DataSpec> globalInputs = dataSpecs(null, "global_input", field(root, "global_input", "globalInput"));
        Map<String, DataSpec> globalOutputs = dataSpecs(null, "global_output", field(root, "global_output", "globalOutput"));
        Object functionsNode = field(root, "functions", "functions");
        if (!(functionsNode instanceof List<?> list) || list.isEmpty()) {
            problem(null, "functions", "expected a non-empty list of functions");
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
            workflow = new Workflow(name, globalInputs, globalOutputs, functions, maxContainers);
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
        Object nameNode = map.get("name");
        if (!(nameNode instanceof String name) || name.isBlank()) {
            problem(null, where + ".name", "missing or not a string");
            return null;
        }
        String source = map.get("source") == null ? null : String.valueOf(map.get("source"));
        FunctionKind kind = FunctionKind.of(name, source);
        double runtime = number(name, "runtime", map.get("runtime"), 0.0);
        double scale = number(name, "scale", map.get("scale"), FunctionDef.DEFAULT_SCALE);
        double memUsage = number(name, "mem_usage", field(map, "mem_usage", "memUsage"), FunctionDef.DEFAULT_MEM_USAGE);
        double splitRatio = number(name, "split_ratio", field(map, "split_ratio", "splitRatio"), 1.0);
        if (memUsage > 1.0) {
            problem(name, "mem_usage", "must be a fraction between 0 and 1, got " + memUsage);
        }
        if (scale != Math.rint(scale)) {
            problem(name, "scale", "must be a whole number of slots, got " + scale);
        }
        Map<String, DataSpec> inputs = dataSpecs(name, "input", map.get("input"));
        Map<String, DataSpec> outputs = dataSpecs(name, "output", map.get("output"));
        Next next = next(name, map.get("next"));
        String image = images.get(name);
        if (image == null && map.get("image") instanceof String s) {
            image = s;
        }
        return new FunctionDef(name, source == null ? name : source, kind, runtime, (int) scale, memUsage,
                splitRatio, inputs, outputs, next, image);
    }

    private double number(String function, String fieldName, Object value, double fallback) {
        if (value == null) {
            return fallback;
        }
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(value.toString().trim());
            } catch (NumberFormatException e) {
                problem(function, fieldName, "not a number: '" + value + "'");
                return fallback;
            }
        }
        if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            problem(function, fieldName, "must not be negative, got " + value);
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
            String key = String.valueOf(e.getKey());
            String where = fieldName + "." + key;
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                problem(function, where, "expected a mapping with type, value and size");
                continue;
            }
            Object typeNode = spec.get("type");
            DataType type = DataType.parse(typeNode == null ? null : typeNode.toString());
            if (type == null) {
                problem(function, where + ".type", "unknown type '" + typeNode + "' (normal, pass, key or keys)");
                type = DataType.NORMAL; // keep the entry so one mistake is reported once

            }
            DataRef ref = null;
            Object valueNode = spec.get("value");
            if (valueNode instanceof Map<?, ?> v) {
                Object fn = v.get("function");
                Object param = v.get("parameter");
                if (param == null) {
                    problem(function, where + ".value.parameter", "missing");
                    continue;
                }
                ref = new DataRef(fn == null ? DataRef.INPUT : fn.toString(), param.toString());
            } else if (valueNode != null) {
                problem(function, where + ".value", "expected {function, parameter}");
                continue;
            }
            double size = number(function, where + ".size", spec.get("size"), 0);
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
        NextType type = NextType.parse(typeNode == null ? null : typeNode.toString());
        if (type == null) {
            problem(function, "next.type", "unknown next type '" + typeNode + "' (pass, parallel, switch or foreach)");
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
        for (Object o : list) {
            if (o == null) {
                problem(function, fieldName, "contains an empty entry");
            } else {
                out.add(String.valueOf(o));
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
                    problem(f.name(), "next.nodes[" + i + "]", "unknown successor '" + nodes.get(i) + "'");
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
        for (int i = 0; i < wf.size(); i++) {
            FunctionDef f = wf.function(i);
            for (DataSpec in : f.inputs().values()) {
                if (in.value() != null && !in.value().fromGlobalInput() && !wf.hasFunction(in.value().function())) {
                    problem(f.name(), "input." + in.name() + ".value.function",
                            "unknown function '" + in.value().function() + "'");
                } else if (!globalKeys.contains(in.key()) && !ancestorOutputs(wf, i, in.key())) {
                    problem(f.name(), "input." + in.name(), "key '" + in.key()
                            + "' is provided by no predecessor and no global input");
                }
            }
            if (wf.isForeach(f.name()) && f.foreachKeyInput().isEmpty()) {
                problem(f.name(), "input", "a foreach function needs an input of type key (the list it iterates)");
            }
            List<String> conditions = f.next().conditions();
            for (int c = 0; c < conditions.size(); c++) {
                try {
                    for (String key : Condition.parse(conditions.get(c)).referencedKeys()) {
                        if (!globalKeys.contains(key) && !ancestorOutputs(wf, i, key) && !f.outputs().containsKey(key)) {
                            problem(f.name(), "next.conditions[" + c + "]", "reads key '" + key
                                    + "' that no predecessor or global input provides");
                        }
                    }
                } catch (ConditionSyntaxException e) {
                    // already reported while parsing next
                }
            }
        }
    }

    /** Whether some ancestor of function {@code index} outputs {@code key}; direct predecessors first. */
    private static boolean ancestorOutputs(Workflow wf, int index, String key) {
        for (int p : wf.predecessorsOf(index)) {
            if (wf.function(p).outputs().containsKey(key)) {
                return true;
            }
        }
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(wf.predecessorsOf(index));
        while (!todo.isEmpty()) {
            int p = todo.poll();
            if (!seen.add(p)) {
                continue;
            }
            if (wf.function(p).outputs().containsKey(key)) {
                return true;
            }
            todo.addAll(wf.predecessorsOf(p));
        }
        return false;
    }
}
