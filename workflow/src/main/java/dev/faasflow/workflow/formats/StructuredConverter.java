package dev.faasflow.workflow.formats;

import dev.faasflow.workflow.Condition;
import dev.faasflow.workflow.ConditionSyntaxException;
import dev.faasflow.workflow.DataRef;
import dev.faasflow.workflow.FlatDocument;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.WorkflowException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The artifact's structured workflow language ({@code examples/<ex>/workflow.yaml}, read by its
 * {@code src/flattener}) as a flat document, built the way the artifact's flattener builds it.
 * <pre>
 * S := {name, type: function, source, output: [KEY], inputMappings, outputMappings}
 *    | {name, type: pass,     steps: [S, ...],    inputMappings, outputMappings}
 *    | {name, type: parallel, branches: [S, ...], inputMappings, outputMappings}
 *    | {name, type: switch,   choices: [{condition, go: S}, ...], inputMappings, outputMappings}
 *    | {name, type: foreach,  task: S (a function), inputMappings, outputMappings}
 * mapping := {target: NAME, source: LOCAL.NAME | INPUT.NAME | LOCAL.NAME[*] (foreach inputs) | LOCAL[*].NAME (parallel, foreach outputs)}
 * </pre>
 * <b>Data.</b> Every structure sees a scope of named values. The root's scope holds the workflow's inputs:
 * every {@code INPUT.x} the file reads, and every key a condition reads that no function writes. Without
 * {@code inputMappings} a structure sees its parent's scope, with them only what they map. A function's
 * inputs are its whole scope; its {@code output} keys join the scope of what follows (later steps of a
 * pass; after a parallel or switch, what any branch wrote). {@code outputMappings} choose and rename what
 * a structure hands back; the root's are the workflow's results (without them: everything it wrote). {@code LOCAL.x[*]} on a foreach makes {@code x} the
 * list its task iterates (and the output that writes it a list, type {@code keys}); {@code LOCAL[*].x}
 * collects {@code x} from every branch or instance.
 * <p>
 * <b>Graph.</b> Steps of a pass run one after another; a parallel, switch or foreach is a pair of control
 * nodes {@code virtualN} (numbered as the artifact numbers them) around its branches, with a {@code next}
 * of type parallel, switch (the choices' conditions) or foreach; then, as in the artifact, control nodes
 * that only forward one edge are removed. A control node holding a switch stays, since only control nodes
 * evaluate conditions. Where the artifact's flattener loses an edge (a pass ending in a parallel, switch
 * or foreach inside another structure) the edge is kept.
 * <p>
 * Unknown types, missing or misplaced fields, a mapping to nothing, duplicate names: problems naming the
 * structure and the field.
 */
final class StructuredConverter {
    private static final Set<String> COMMON = Set.of("name", "type", "inputMappings", "outputMappings");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "function", Set.of("source", "output"),
            "pass", Set.of("steps"),
            "parallel", Set.of("branches"),
            "switch", Set.of("choices"),
            "foreach", Set.of("task"));
    private static final String LOCAL = "LOCAL";
    private static final String LOCAL_ALL = "LOCAL[*]";
    private static final String ALL = "[*]";

    private final String file;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    /** Every function structure, in document order. */
    private final List<Structure> functions = new ArrayList<>();
    /** Global inputs in the order the file first mentions them. */
    private final Set<String> globalInputs = new LinkedHashSet<>();
    /** Outputs that foreach tasks iterate: they are lists. */
    private final Set<DataRef> iterated = new HashSet<>();
    private int virtuals;
    /** Control and function nodes in the artifact's flatten order: the order simplification visits them. */
    private final List<Node> flattenOrder = new ArrayList<>();

    StructuredConverter(String file) {
        this.file = file;
    }

    private void problem(String structure, String field, String message) {
        problems.add(new Problem(file, structure, field, message));
    }

    // ---------------------------------------------------------------- model

    /**
     * One {@code {target, source}}: {@code prefix} is LOCAL or INPUT; {@code iterate} for LOCAL.name[*],
     * {@code collect} for LOCAL[*].name.
     */
    private record Mapping(String target, String prefix, String name, boolean iterate, boolean collect) {
    }

    private static final class Structure {
        final String name;
        final String type;
        final List<Mapping> inputMappings;
        final List<Mapping> outputMappings;
        final List<Structure> children = new ArrayList<>();
        final List<String> conditions = new ArrayList<>();
        String source;
        final List<String> output = new ArrayList<>();
        /** A function's inputs: its scope when it runs. */
        Map<String, Value> inputs;
        Node node;
        Node start;
        Node end;

        Structure(String name, String type, List<Mapping> inputMappings, List<Mapping> outputMappings) {
            this.name = name;
            this.type = type;
            this.inputMappings = inputMappings;
            this.outputMappings = outputMappings;
        }
    }

    /** A named value in scope: where it is stored (one or, collected from branches, several places). */
    private record Value(boolean list, List<DataRef> refs) {
        static Value of(String function, String parameter) {
            return new Value(false, List.of(new DataRef(function, parameter)));
        }
    }

    /** A node of the flat graph: a function or a control node. */
    private static final class Node {
        final String name;
        final Structure function;
        String nextType = "pass";
        final List<Node> next = new ArrayList<>();
        final List<String> conditions = new ArrayList<>();
        final List<Node> prev = new ArrayList<>();
        boolean removed;

        Node(String name, Structure function) {
            this.name = name;
            this.function = function;
        }

        boolean isVirtual() {
            return function == null;
        }
    }

    // ---------------------------------------------------------------- conversion

    Map<String, Object> convert(Object tree) throws WorkflowException {
        Structure root = read(tree, "the document");
        if (root != null && problems.isEmpty()) {
            declareGlobalInputs(root);
        }
        Map<String, Value> results = null;
        if (root != null && problems.isEmpty()) {
            Map<String, Value> scope = new LinkedHashMap<>();
            globalInputs.forEach(k -> scope.put(k, Value.of(DataRef.INPUT, k)));
            results = scope(root, scope);
        }
        if (root != null && problems.isEmpty()) {
            setStartAndEnd(root);
            flatten(root);
            simplify();
        }
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
        Map<String, Object> globalInput = new LinkedHashMap<>();
        globalInputs.forEach(k -> globalInput.put(k, FlatDocument.data("pass", DataRef.INPUT, k, 0)));
        List<Object> out = new ArrayList<>();
        emit(root, out);
        Map<String, Object> globalOutput = new LinkedHashMap<>();
        results.forEach((target, value) -> {
            List<DataRef> refs = value.refs().stream().filter(r -> !r.fromGlobalInput()).toList();
            if (!refs.isEmpty()) {
                globalOutput.put(target, single(root.name, "outputMappings", target, value, refs));
            }
        });
        if (!problems.isEmpty()) {
            throw new WorkflowException(problems);
        }
        return FlatDocument.root(globalInput, out, globalOutput);
    }

    // ---------------------------------------------------------------- reading

    private Structure read(Object node, String where) {
        if (!(node instanceof Map<?, ?> map)) {
            problem(null, where, "expected a mapping with name and type");
            return null;
        }
        if (!(map.get("name") instanceof String name) || name.isBlank()) {
            problem(null, where + ".name", "missing or not a string");
            return null;
        }
        if (!names.add(name)) {
            problem(name, "name", "defined twice");
            return null;
        }
        Object typeNode = map.get("type");
        Set<String> fields = typeNode == null ? null : FIELDS.get(typeNode.toString());
        if (fields == null) {
            problem(name, "type", (typeNode == null ? "missing" : "unknown type '" + typeNode + "'")
                    + " (function, pass, parallel, switch or foreach)");
            return null;
        }
        String type = typeNode.toString();
        for (Object key : map.keySet()) {
            if (!COMMON.contains(String.valueOf(key)) && !fields.contains(String.valueOf(key))) {
                problem(name, String.valueOf(key), "not a field of a " + type);
            }
        }
        Structure s = new Structure(name, type, mappings(name, "inputMappings", map.get("inputMappings")),
                mappings(name, "outputMappings", map.get("outputMappings")));
        switch (type) {
            case "function" -> readFunction(s, map);
            case "pass" -> readChildren(s, "steps", map.get("steps"));
            case "parallel" -> readChildren(s, "branches", map.get("branches"));
            case "switch" -> readChoices(s, map.get("choices"));
            default -> {
                Structure task = read(map.get("task"), name + ".task");
                if (task != null && !task.type.equals("function")) {
                    problem(name, "task.type", "a foreach's task is a function, not a " + task.type);
                }
                if (task != null) {
                    s.children.add(task);
                }
            }
        }
        checkMappings(s);
        return s;
    }

    private void readFunction(Structure s, Map<?, ?> map) {
        if (!(map.get("source") instanceof String source) || source.isBlank()) {
            problem(s.name, "source", "missing or not a string");
        } else {
            s.source = source;
        }
        Object output = map.get("output");
        if (output instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String key && !key.isBlank()) {
                    s.output.add(key);
                } else {
                    problem(s.name, "output[" + i + "]", "expected a key");
                }
            }
        } else if (output != null) {
            problem(s.name, "output", "expected a list of keys");
        }
        functions.add(s);
    }

    private void readChildren(Structure s, String field, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem(s.name, field, "expected a non-empty list");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            Structure child = read(list.get(i), s.name + "." + field + "[" + i + "]");
            if (child != null) {
                s.children.add(child);
            }
        }
    }

    private void readChoices(Structure s, Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem(s.name, "choices", "expected a non-empty list of {condition, go}");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "choices[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> choice) || !(choice.get("condition") instanceof String condition)
                    || !choice.containsKey("go")) {
                problem(s.name, where, "expected {condition, go}");
                continue;
            }
            Structure go = read(choice.get("go"), s.name + "." + where + ".go");
            if (go != null) {
                s.children.add(go);
                s.conditions.add(condition);
            }
        }
    }

    private List<Mapping> mappings(String structure, String field, Object value) {
        if (value == null) {
            return null;
        }
        List<Mapping> out = new ArrayList<>();
        if (!(value instanceof List<?> list)) {
            problem(structure, field, "expected a list of {target, source}");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("target") instanceof String target)
                    || !(m.get("source") instanceof String source)) {
                problem(structure, where, "expected {target, source}");
                continue;
            }
            String[] parts = source.split("\\.", -1);
            if (parts.length != 2 || parts[1].isEmpty()
                    || !(parts[0].equals(LOCAL) || parts[0].equals(LOCAL_ALL) || parts[0].equals(DataRef.INPUT))) {
                problem(structure, where + ".source", "expected LOCAL.name, INPUT.name, LOCAL.name[*] or LOCAL[*].name, got '"
                        + source + "'");
                continue;
            }
            boolean iterate = parts[1].endsWith(ALL);
            String name = iterate ? parts[1].substring(0, parts[1].length() - ALL.length()) : parts[1];
            if (name.isEmpty() || (iterate && !parts[0].equals(LOCAL))) {
                problem(structure, where + ".source", "expected LOCAL.name[*] to iterate a list, got '" + source + "'");
                continue;
            }
            boolean collect = parts[0].equals(LOCAL_ALL);
            out.add(new Mapping(target, collect ? LOCAL : parts[0], name, iterate, collect));
        }
        return out;
    }

    /** Which structures may use which forms (the artifact's flattener accepts exactly these). */
    private void checkMappings(Structure s) {
        if (s.inputMappings != null) {
            for (int i = 0; i < s.inputMappings.size(); i++) {
                Mapping m = s.inputMappings.get(i);
                if (m.collect()) {
                    problem(s.name, "inputMappings[" + i + "].source", "LOCAL[*].name collects outputs: it belongs in outputMappings");
                } else if (m.iterate() && !s.type.equals("foreach")) {
                    problem(s.name, "inputMappings[" + i + "].source",
                            "only a foreach's inputMappings iterate a list (LOCAL.name[*])");
                }
            }
        }
        if (s.outputMappings != null) {
            for (int i = 0; i < s.outputMappings.size(); i++) {
                Mapping m = s.outputMappings.get(i);
                String where = "outputMappings[" + i + "].source";
                if (m.prefix().equals(DataRef.INPUT)) {
                    problem(s.name, where, "outputMappings read LOCAL values, not INPUT");
                } else if (m.iterate()) {
                    problem(s.name, where, "LOCAL.name[*] iterates a list: it belongs in a foreach's inputMappings");
                } else if (m.collect() && !(s.type.equals("parallel") || s.type.equals("foreach"))) {
                    problem(s.name, where, "only a parallel or a foreach collects values (LOCAL[*].name)");
                }
            }
        }
    }

    // ---------------------------------------------------------------- data

    /** Every INPUT.x the mappings read, in document order; then what conditions read and no function writes. */
    private void declareGlobalInputs(Structure root) {
        Set<String> written = new HashSet<>();
        functions.forEach(f -> written.addAll(f.output));
        List<String> conditionKeys = new ArrayList<>();
        declare(root, conditionKeys);
        for (String key : conditionKeys) {
            if (!written.contains(key)) {
                globalInputs.add(key);
            }
        }
    }

    private void declare(Structure s, List<String> conditionKeys) {
        if (s.inputMappings != null) {
            for (Mapping m : s.inputMappings) {
                if (m.prefix().equals(DataRef.INPUT)) {
                    globalInputs.add(m.name());
                }
            }
        }
        for (String condition : s.conditions) {
            try {
                conditionKeys.addAll(new TreeSet<>(Condition.parse(condition).referencedKeys()));
            } catch (ConditionSyntaxException e) {
                // reported by the flat parser, naming the switch's control node and the condition
            }
        }
        s.children.forEach(c -> declare(c, conditionKeys));
    }

    /**
     * What {@code s} hands back to the structure around it, given the scope it runs in: without
     * outputMappings the values written inside it (as the examples' comments describe; the artifact's
     * code also hands back the names a function's inputMappings gave its arguments), else the mapped ones.
     */
    private Map<String, Value> scope(Structure s, Map<String, Value> outer) {
        Map<String, Value> local = s.inputMappings == null ? new LinkedHashMap<>(outer) : mapIn(s, outer);
        Map<String, Value> written = new LinkedHashMap<>();
        List<Map<String, Value>> branches = new ArrayList<>();
        switch (s.type) {
            case "function" -> {
                s.inputs = new LinkedHashMap<>(local);
                s.output.forEach(key -> written.put(key, Value.of(s.name, key)));
            }
            case "pass" -> s.children.forEach(step -> {
                Map<String, Value> w = scope(step, local);
                local.putAll(w);
                written.putAll(w);
            });
            default -> s.children.forEach(child -> {
                Map<String, Value> w = scope(child, new LinkedHashMap<>(local));
                branches.add(w);
                written.putAll(w);
            });
        }
        local.putAll(written);
        if (s.outputMappings == null) {
            return written;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < s.outputMappings.size(); i++) {
            Mapping m = s.outputMappings.get(i);
            Value v = mapOut(s, m, local, branches);
            if (v == null) {
                problem(s.name, "outputMappings[" + i + "].source", "'" + m.name() + "' is not in scope here"
                        + (m.collect() ? " (no branch writes it)" : " (nothing before or inside writes it)"));
            } else {
                out.put(m.target(), v);
            }
        }
        return out;
    }

    private Map<String, Value> mapIn(Structure s, Map<String, Value> outer) {
        Map<String, Value> local = new LinkedHashMap<>();
        for (int i = 0; i < s.inputMappings.size(); i++) {
            Mapping m = s.inputMappings.get(i);
            Value v = m.prefix().equals(DataRef.INPUT) ? Value.of(DataRef.INPUT, m.name()) : outer.get(m.name());
            if (v == null) {
                problem(s.name, "inputMappings[" + i + "].source", "'" + m.name() + "' is not in scope here"
                        + " (no earlier step writes it; a workflow input is read as INPUT." + m.name() + ")");
                continue;
            }
            if (m.iterate()) {
                v = new Value(true, v.refs());
                iterated.addAll(v.refs());
            }
            local.put(m.target(), v);
        }
        return local;
    }

    /**
     * An output mapping's value: LOCAL[*].x collects x from every branch (or foreach instance); LOCAL.x of
     * a parallel is the last branch writing x, of a switch whichever choice writes it, else (and for
     * everything else) x in scope.
     */
    private static Value mapOut(Structure s, Mapping m, Map<String, Value> local, List<Map<String, Value>> branches) {
        boolean branchy = s.type.equals("parallel") || s.type.equals("switch");
        if (!m.collect() && !branchy) {
            return local.get(m.name());
        }
        List<DataRef> refs = new ArrayList<>();
        for (Map<String, Value> b : branches) {
            Value v = b.get(m.name());
            if (v != null) {
                refs.addAll(v.refs());
            }
        }
        if (refs.isEmpty()) {
            return m.collect() ? null : local.get(m.name());
        }
        if (s.type.equals("parallel") && !m.collect()) {
            refs = List.of(refs.get(refs.size() - 1)); // as the artifact: the last branch writing it wins
        }
        return new Value(false, List.copyOf(new LinkedHashSet<>(refs)));
    }

    /**
     * One flat data spec for a value: the flat namespace keeps one value per key, so values collected from
     * several places must all be stored under the same key (as branches of a switch writing one result).
     */
    private Map<String, Object> single(String structure, String field, String name, Value value, List<DataRef> refs) {
        String key = refs.get(0).parameter();
        for (DataRef r : refs) {
            if (!r.parameter().equals(key)) {
                problem(structure, field + "." + name, "collects different keys (" + refs.stream().map(DataRef::parameter)
                        .distinct().toList() + "); the flat namespace reads one key per value");
                break;
            }
        }
        return FlatDocument.data(value.list() ? "key" : "pass", refs.get(0).function(), key, 0);
    }

    // ---------------------------------------------------------------- graph

    private Node virtual() {
        virtuals++;
        String name = "virtual" + virtuals;
        if (names.contains(name)) {
            problem(name, "name", "is the name of a generated control node (the artifact numbers them virtual1, virtual2, ...)");
        }
        return new Node(name, null);
    }

    /** The artifact's set_start_and_end: control nodes numbered parent first, then children in order. */
    private void setStartAndEnd(Structure s) {
        switch (s.type) {
            case "function" -> s.node = new Node(s.name, s);
            case "pass" -> {
            }
            default -> {
                s.start = virtual();
                s.end = virtual();
            }
        }
        s.children.forEach(this::setStartAndEnd);
    }

    private Node entry(Structure s) {
        return switch (s.type) {
            case "function" -> s.node;
            case "pass" -> entry(s.children.get(0));
            default -> s.start;
        };
    }

    private Node exit(Structure s) {
        return switch (s.type) {
            case "function" -> s.node;
            case "pass" -> exit(s.children.get(s.children.size() - 1));
            default -> s.end;
        };
    }

    private static void link(Node from, Node to, String condition) {
        from.next.add(to);
        if (condition != null) {
            from.conditions.add(condition);
        }
        to.prev.add(from);
    }

    /** The artifact's flatten: edges, next types, and the order nodes are visited in. */
    private void flatten(Structure s) {
        switch (s.type) {
            case "function" -> flattenOrder.add(s.node);
            case "pass" -> {
                for (int i = 0; i + 1 < s.children.size(); i++) {
                    link(exit(s.children.get(i)), entry(s.children.get(i + 1)), null);
                }
                s.children.forEach(this::flatten);
            }
            default -> {
                s.start.nextType = s.type;
                flattenOrder.add(s.start);
                flattenOrder.add(s.end);
                for (int i = 0; i < s.children.size(); i++) {
                    Structure child = s.children.get(i);
                    link(s.start, entry(child), s.type.equals("switch") ? s.conditions.get(i) : null);
                    link(exit(child), s.end, null);
                    flatten(child);
                }
            }
        }
    }

    /** The artifact's simplification: drop control nodes that only forward, until none is left to drop. */
    private void simplify() {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node current : flattenOrder) {
                if (!current.isVirtual() || current.removed) {
                    continue;
                }
                if (current.nextType.equals("pass") && current.next.size() == 1) {
                    Node next = current.next.get(0);
                    if (next.prev.size() == 1) {
                        // a control node with one successor that has no other predecessor
                        current.removed = true;
                        next.prev.clear();
                        for (Node prev : current.prev) {
                            next.prev.add(prev);
                            prev.next.replaceAll(n -> n == current ? next : n);
                        }
                        changed = true;
                    }
                } else if (current.next.isEmpty()) {
                    // a control node with no successor
                    current.removed = true;
                    for (Node prev : current.prev) {
                        int at = prev.next.indexOf(current);
                        prev.next.remove(at);
                        if (!prev.conditions.isEmpty()) {
                            prev.conditions.remove(at);
                        }
                    }
                    changed = true;
                } else if (current.prev.size() == 1 && !current.nextType.equals("switch")) {
                    Node prev = current.prev.get(0);
                    if (prev.nextType.equals("pass") && prev.next.size() == 1) {
                        // the only successor of its only predecessor: the predecessor takes its next
                        current.removed = true;
                        prev.nextType = current.nextType;
                        prev.next.clear();
                        prev.next.addAll(current.next);
                        prev.conditions.clear();
                        prev.conditions.addAll(current.conditions);
                        for (Node next : current.next) {
                            next.prev.replaceAll(n -> n == current ? prev : n);
                        }
                        changed = true;
                    }
                }
            }
        }
    }

    /** The artifact's get_yaml order: a pass's steps; start, branches, end of the others. */
    private void emit(Structure s, List<Object> out) {
        switch (s.type) {
            case "function" -> out.add(function(s));
            case "pass" -> s.children.forEach(c -> emit(c, out));
            default -> {
                control(s.start, out);
                s.children.forEach(c -> emit(c, out));
                control(s.end, out);
            }
        }
    }

    private void control(Node node, List<Object> out) {
        if (!node.removed) {
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("name", node.name);
            fn.put("source", "VIRTUAL");
            next(node, fn);
            out.add(fn);
        }
    }

    private Map<String, Object> function(Structure s) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", s.name);
        fn.put("source", s.source);
        Map<String, Object> input = new LinkedHashMap<>();
        s.inputs.forEach((name, value) -> input.put(name, single(s.name, "input", name, value, value.refs())));
        if (!input.isEmpty()) {
            fn.put("input", input);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        for (String key : s.output) {
            output.put(key, FlatDocument.data(iterated.contains(new DataRef(s.name, key)) ? "keys" : "normal", null, null, 0));
        }
        if (!output.isEmpty()) {
            fn.put("output", output);
        }
        next(s.node, fn);
        return fn;
    }

    private static void next(Node node, Map<String, Object> fn) {
        if (!node.next.isEmpty()) {
            fn.put("next", FlatDocument.next(node.nextType, node.next.stream().map(n -> n.name).toList(), node.conditions));
        }
    }
}
