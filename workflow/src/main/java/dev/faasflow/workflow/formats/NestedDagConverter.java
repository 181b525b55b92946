package dev.faasflow.workflow.formats;

import dev.faasflow.workflow.Limits;

import dev.faasflow.workflow.Condition;
import dev.faasflow.workflow.ConditionSyntaxException;
import dev.faasflow.workflow.DataRef;
import dev.faasflow.workflow.FlatDocument;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.WorkflowException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The artifact's nested DAG form as a flat document. The artifact's parser ({@code src/parser}) reads it;
 * its grouping experiment's {@code main_N.yaml} files use it.
 * <pre>
 * main: {type: workflow, start: NAME, end: NAME, nodes: [NODE or NAME, ...]}
 * NODE: {name, type: function, source, runtime, parameters, files: [{link: input|output, name, size}], next: NAME or [NAME]}
 *     | {name, type: workflow, start, end, nodes, next}
 *     | {name, type: switch, choices: [{condition, go: NODE or NAME} or {default: NODE or NAME}], next}
 * NAME: another top-level key of the document (a node defined once, used once) or, in next, a sibling
 * </pre>
 * <ul>
 *   <li>A function becomes a function. {@code next} names nodes of the same enclosing workflow; an edge
 *       into a nested workflow goes to its {@code start}, an edge out of it leaves from its {@code end}.</li>
 *   <li>A switch becomes a control node of that name ({@code source: VIRTUAL}) whose {@code next} is a
 *       switch over its choices, {@code default} being always true; choices have no {@code next} of their
 *       own: whichever ran continues to the switch's {@code next}.</li>
 *   <li>Data: each file a function writes ({@code link: output}) is an output under the file's name; a
 *       file it reads is an input from the function that writes it, or a global input when none does.
 *       A key a condition reads that no function writes is a global input too. {@code parameters} are
 *       not used (the artifact passes them to its Python functions).</li>
 * </ul>
 */
final class NestedDagConverter {
    private static final Set<String> COMMON = Set.of("name", "type", "next", "nextDis");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "function", Set.of("source", "runtime", "parameters", "files"),
            "workflow", Set.of("start", "end", "nodes"),
            "switch", Set.of("choices"));

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Object> definitions = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    /** Every node by name, parents before children, in document order. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    private static final class Node {
        final String name;
        final String type;
        final Map<?, ?> raw;
        final Node parent;
        final List<String> next = new ArrayList<>();
        /** A workflow's nodes, or a switch's choice targets. */
        final List<Node> children = new ArrayList<>();
        /** A switch's conditions, one per child. */
        final List<String> conditions = new ArrayList<>();
        /** A function's files, checked: {link: input|output, name, size}. */
        final List<Map<?, ?>> files = new ArrayList<>();

        Node(String name, String type, Map<?, ?> raw, Node parent) {
            this.name = name;
            this.type = type;
            this.raw = raw;
            this.parent = parent;
        }

        Node child(Object name) {
            for (Node c : children) {
                if (c.name.equals(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    NestedDagConverter(String file) {
        this.file = file;
    }

    private void problem(String node, String field, String message) {
        problems.add(new Problem(file, node, field, message));
    }

    Map<String, Object> convert(Object tree) throws WorkflowException {
        if (!(tree instanceof Map<?, ?> root) || !(root.get("main") instanceof Map<?, ?> main)) {
            throw new WorkflowException(new Problem(file, null, "main", "expected a mapping {type: workflow, start, end, nodes}"));
        }
        root.forEach((k, v) -> {
            if (!"main".equals(k)) {
                definitions.put(String.valueOf(k), v);
            }
        });
        Node top = collect(main, "main", null);
        if (top != null && !top.type.equals("workflow")) {
            problem("main", "type", "main must be of type workflow, not " + top.type);
        }
        for (String name : definitions.keySet()) {
            if (!used.contains(name)) {
                problem(name, null, "defined at the top level but no workflow or switch uses it");
            }
        }
        if (problems.isEmpty()) {
            checkNext();
        }
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
        return flatten(top);
    }

    // ---------------------------------------------------------------- reading and checking

    private Node collect(Object definition, String name, Node parent) {
        if (!(definition instanceof Map<?, ?> map)) {
            problem(name, null, "expected a mapping with type function, workflow or switch");
            return null;
        }
        if (nodes.containsKey(name)) {
            problem(name, "name", "defined twice");
            return null;
        }
        Object typeNode = map.get("type");
        Set<String> fields = typeNode == null ? null : FIELDS.get(typeNode.toString());
        if (fields == null) {
            problem(name, "type", typeNode == null ? "missing (function, workflow or switch)"
                    : "unknown type '" + typeNode + "' (function, workflow or switch)");
            return null;
        }
        for (Object key : map.keySet()) {
            if (!COMMON.contains(String.valueOf(key)) && !fields.contains(String.valueOf(key))) {
                problem(name, String.valueOf(key), "not a field of a " + typeNode + " node");
            }
        }
        Node node = new Node(name, typeNode.toString(), map, parent);
        nodes.put(name, node);
        node.next.addAll(names(name, "next", map.get("next")));
        switch (node.type) {
            case "function" -> {
                if (!(map.get("source") instanceof String s) || s.isBlank()) {
                    problem(name, "source", "missing or not a string");
                }
                node.files.addAll(files(name, map.get("files")));
            }
            case "workflow" -> collectWorkflow(node, map);
            default -> collectSwitch(node, map);
        }
        return node;
    }

    private void collectWorkflow(Node node, Map<?, ?> map) {
        if (!(map.get("nodes") instanceof List<?> list) || list.isEmpty()) {
            problem(node.name, "nodes", "expected a non-empty list of nodes");
            return;
        }
        Set<Object> declared = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.get(i);
            declared.add(entry instanceof Map<?, ?> inline ? inline.get("name") : entry);
            Node child = member(node.name, "nodes[" + i + "]", entry, node);
            if (child != null) {
                node.children.add(child);
            }
        }
        for (String field : List.of("start", "end")) {
            Object target = map.get(field);
            if (!(target instanceof String s)) {
                problem(node.name, field, "missing or not a node name");
            } else if (!declared.contains(s)) {
                problem(node.name, field, "'" + s + "' is not one of the workflow's nodes");
            }
        }
    }

    private void collectSwitch(Node node, Map<?, ?> map) {
        if (!(map.get("choices") instanceof List<?> list) || list.isEmpty()) {
            problem(node.name, "choices", "expected a non-empty list of {condition, go} or {default}");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "choices[" + i + "]";
            Object target;
            String condition;
            if (list.get(i) instanceof Map<?, ?> choice && choice.containsKey("condition") && choice.containsKey("go")) {
                target = choice.get("go");
                condition = choice.get("condition") instanceof String c ? c : null;
                where += ".go";
                if (condition == null) {
                    problem(node.name, "choices[" + i + "].condition", "expected a condition");
                    continue;
                }
            } else if (list.get(i) instanceof Map<?, ?> choice && choice.containsKey("default")) {
                target = choice.get("default");
                condition = "default";
                where += ".default";
            } else {
                problem(node.name, where, "expected {condition, go} or {default}");
                continue;
            }
            Node child = member(node.name, where, target, node);
            if (child != null) {
                node.children.add(child);
                node.conditions.add(condition);
            }
        }
    }

    /** A node given inline (a mapping with a name) or by the name of a top-level definition. */
    private Node member(String owner, String where, Object entry, Node parent) {
        if (entry instanceof String ref) {
            if (!definitions.containsKey(ref)) {
                problem(owner, where, "unknown node '" + ref + "' (not defined at the top level)");
                return null;
            }
            if (!used.add(ref)) {
                problem(owner, where, "node '" + ref + "' is already used elsewhere (a node has one place)");
                return null;
            }
            return collect(definitions.get(ref), ref, parent);
        }
        if (entry instanceof Map<?, ?> inline) {
            if (!(inline.get("name") instanceof String name) || name.isBlank()) {
                problem(owner, where + ".name", "missing or not a string");
                return null;
            }
            return collect(inline, name, parent);
        }
        problem(owner, where, "expected a node (a mapping) or a node name");
        return null;
    }

    private List<String> names(String node, String field, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    out.add(s);
                } else {
                    problem(node, field + "[" + i + "]", "expected a node name");
                }
            }
        } else {
            problem(node, field, "expected a node name or a list of names");
        }
        return out;
    }

    /** Every next names a node of the same enclosing workflow; choices and main have none. */
    private void checkNext() {
        for (Node node : nodes.values()) {
            if (node.next.isEmpty()) {
                continue;
            }
            if (node.parent == null) {
                problem(node.name, "next", "main has no next (it is the whole workflow)");
            } else if (node.parent.type.equals("switch")) {
                problem(node.name, "next", "a choice of switch '" + node.parent.name
                        + "' has no next of its own: the switch's next follows it");
            } else {
                for (int i = 0; i < node.next.size(); i++) {
                    String target = node.next.get(i);
                    if (node.parent.child(target) == null) {
                        problem(node.name, "next[" + i + "]", nodes.containsKey(target)
                                ? "'" + target + "' is not a node of workflow '" + node.parent.name + "'"
                                : "unknown node '" + target + "'");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- flattening

    private String entry(Node node) {
        return node.type.equals("workflow") ? entry(node.child(node.raw.get("start"))) : node.name;
    }

    private List<String> exits(Node node) {
        return switch (node.type) {
            case "function" -> List.of(node.name);
            case "workflow" -> exits(node.child(node.raw.get("end")));
            default -> node.children.stream().flatMap(c -> exits(c).stream()).toList();
        };
    }

    private Map<String, Object> flatten(Node main) {
        Map<String, Set<String>> successors = new HashMap<>();
        for (Node node : nodes.values()) {
            for (String target : node.next) {
                String to = entry(node.parent.child(target));
                for (String from : exits(node)) {
                    successors.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to);
                }
            }
        }
        Map<String, String> writer = new HashMap<>();
        for (Node node : nodes.values()) {
            if (node.type.equals("function")) {
                for (Map<?, ?> f : node.files) {
                    if ("output".equals(f.get("link"))) {
                        writer.putIfAbsent(String.valueOf(f.get("name")), node.name);
                    }
                }
            }
        }
        Map<String, Object> globalInput = new LinkedHashMap<>();
        List<Object> functions = new ArrayList<>();
        emit(main, successors, writer, globalInput, functions);
        return FlatDocument.root(globalInput, functions, new LinkedHashMap<>());
    }

    private void emit(Node node, Map<String, Set<String>> successors, Map<String, String> writer,
                      Map<String, Object> globalInput, List<Object> functions) {
        switch (node.type) {
            case "function" -> functions.add(function(node, successors, writer, globalInput));
            case "switch" -> {
                Map<String, Object> control = new LinkedHashMap<>();
                control.put("name", node.name);
                control.put("source", "VIRTUAL");
                control.put("next", FlatDocument.next("switch", node.children.stream().map(this::entry).toList(),
                        node.conditions));
                functions.add(control);
                for (String condition : node.conditions) {
                    for (String key : conditionKeys(condition)) {
                        if (!writer.containsKey(key)) {
                            globalInput.putIfAbsent(key, FlatDocument.data("pass", DataRef.INPUT, key, 0));
                        }
                    }
                }
                node.children.forEach(c -> emit(c, successors, writer, globalInput, functions));
            }
            default -> node.children.forEach(c -> emit(c, successors, writer, globalInput, functions));
        }
    }

    private Map<String, Object> function(Node node, Map<String, Set<String>> successors, Map<String, String> writer,
                                         Map<String, Object> globalInput) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", node.name);
        fn.put("source", node.raw.get("source"));
        if (node.raw.get("runtime") != null) {
            fn.put("runtime", node.raw.get("runtime"));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, Object> output = new LinkedHashMap<>();
        for (Map<?, ?> f : node.files) {
            String name = String.valueOf(f.get("name"));
            Object size = f.get("size") == null ? 0 : f.get("size");
            if ("output".equals(f.get("link"))) {
                output.putIfAbsent(name, spec("normal", null, name, size));
                continue;
            }
            String from = writer.get(name);
            if (from == null || from.equals(node.name)) {
                input.putIfAbsent(name, spec("pass", DataRef.INPUT, name, size));
                globalInput.merge(name, spec("pass", DataRef.INPUT, name, size), NestedDagConverter::larger);
            } else {
                input.putIfAbsent(name, spec("pass", from, name, size));
            }
        }
        if (!input.isEmpty()) {
            fn.put("input", input);
        }
        if (!output.isEmpty()) {
            fn.put("output", output);
        }
        Set<String> next = successors.getOrDefault(node.name, Set.of());
        if (!next.isEmpty()) {
            fn.put("next", FlatDocument.next("pass", List.copyOf(next), List.of()));
        }
        return fn;
    }

    /** The raw size is kept so the flat parser checks it (a negative or mistyped size names the field there). */
    private static Map<String, Object> spec(String type, String function, String parameter, Object size) {
        Map<String, Object> spec = FlatDocument.data(type, function, parameter, 0);
        spec.put("size", size);
        return spec;
    }

    private static Object larger(Object a, Object b) {
        Object sa = ((Map<?, ?>) a).get("size");
        Object sb = ((Map<?, ?>) b).get("size");
        if (sa instanceof Number na && sb instanceof Number nb) {
            return nb.doubleValue() > na.doubleValue() ? b : a;
        }
        return a;
    }

    /** A function's files, each checked: {link: input|output, name, size}. */
    private List<Map<?, ?>> files(String node, Object value) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list)) {
            problem(node, "files", "expected a list of {link, name, size}");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "files[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> f)) {
                problem(node, where, "expected {link, name, size}");
            } else if (!(f.get("name") instanceof String name) || name.isBlank()) {
                problem(node, where + ".name", "missing or not a string");
            } else if (!"input".equals(f.get("link")) && !"output".equals(f.get("link"))) {
                problem(node, where + ".link", "expected input or output, got " + Limits.quote(String.valueOf(f.get("link"))));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    private static Set<String> conditionKeys(String condition) {
        try {
            return new TreeSet<>(Condition.parse(condition).referencedKeys());
        } catch (ConditionSyntaxException e) {
            return Set.of(); // the flat parser reports it, naming the switch and the condition
        }
    }
}
