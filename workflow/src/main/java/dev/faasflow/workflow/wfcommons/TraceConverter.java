package dev.faasflow.workflow.wfcommons;

import dev.faasflow.workflow.DataRef;
import dev.faasflow.workflow.FlatDocument;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Limits;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.TopologicalSort;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Turns a {@link Trace} into the flat workflow document (maps and lists, as a YAML or JSON reader would
 * give), ready for the ordinary parser and its validation.
 * <ul>
 *   <li>One function per task, in trace order; successors are the trace's edges, triggered with
 *       {@code pass}. Its source is the program it runs ({@code command.program}, without its folder);
 *       when the trace names none, the task's category (1.4), else the name when tasks share it, else its
 *       name without the instance number: tasks of one program share an implementation.</li>
 *   <li>A file written by a task is an output of that task. A task reading it takes it from the
 *       writer; a file no task writes (before the reader) is a global input.</li>
 *   <li>Keys live in one flat namespace: each file id becomes one key (sanitized); when a file has several
 *       versions (several writers, or a pre-existing copy and a rewrite) each version gets its own key.</li>
 * </ul>
 */
final class TraceConverter {
    /** Scale and memory fraction of every imported function, as in the artifact's scientific benchmarks. */
    static final int SCALE = FunctionDef.DEFAULT_SCALE;
    static final double MEM_USAGE = FunctionDef.DEFAULT_MEM_USAGE;

    private static final int GLOBAL = -1;

    private final String file;
    private final Trace trace;
    private final List<Problem> problems;
    private final List<String> notes = new ArrayList<>();
    private final int n;
    /** The graph the workflow will have: the trace's edges plus data edges added on the way. */
    private final List<List<Integer>> succ = new ArrayList<>();
    private final List<List<Integer>> pred = new ArrayList<>();
    private int dataEdges;
    /** Function name to source, in trace order. */
    private final Map<String, String> sources = new LinkedHashMap<>();
    /** Scratch queue for {@link #reach}. */
    private int[] queue;

    TraceConverter(String file, Trace trace, List<Problem> problems) {
        this.file = file;
        this.trace = trace;
        this.problems = problems;
        this.n = trace.tasks.size();
        for (int i = 0; i < n; i++) {
            succ.add(new ArrayList<>());
            pred.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int child : trace.children.get(i)) {
                succ.get(i).add(child);
                pred.get(child).add(i);
            }
        }
    }

    List<String> notes() {
        return notes;
    }

    int dataEdges() {
        return dataEdges;
    }

    /** Each function's source (its program), by function name, after {@link #convert}. */
    Map<String, String> sources() {
        return sources;
    }

    /** The flat document, or null after recording problems (a cycle in the trace). */
    Map<String, Object> convert() {
        int[] topo = topologicalPositions();
        if (topo == null) {
            return null;
        }
        String[] functionNames = functionNames();
        Map<String, Integer> labelCount = new HashMap<>();
        for (Trace.Task t : trace.tasks) {
            if (t.label != null) {
                labelCount.merge(t.label, 1, Integer::sum);
            }
        }

        // Who writes what, and the order files are first mentioned in (the order keys are handed out in).
        Map<String, List<Integer>> producers = new HashMap<>();
        Set<String> fileOrder = new LinkedHashSet<>();
        for (Trace.Task t : trace.tasks) {
            fileOrder.addAll(t.inputs.keySet());
            for (String f : t.outputs.keySet()) {
                fileOrder.add(f);
                producers.computeIfAbsent(f, k -> new ArrayList<>(1)).add(t.index);
            }
        }

        // Where each task reads each of its inputs from: a producing task, or GLOBAL.
        List<Map<String, Integer>> sourceOf = new ArrayList<>(n);
        Map<String, Long> globalSize = new HashMap<>();
        int[] parentMark = new int[n];
        for (int c = 0; c < n; c++) {
            Trace.Task consumer = trace.tasks.get(c);
            Map<String, Integer> sources = new LinkedHashMap<>();
            sourceOf.add(sources);
            final int stamp = c + 1;
            for (int p : pred.get(c)) {
                parentMark[p] = stamp;
            }
            BitSet ancestors = null;
            BitSet descendants = null;
            for (Map.Entry<String, Long> in : consumer.inputs.entrySet()) {
                String f = in.getKey();
                List<Integer> writers = producers.getOrDefault(f, List.of());
                int chosen = best(writers, c, topo, p -> parentMark[p] == stamp);
                if (chosen == GLOBAL && hasOther(writers, c)) {
                    if (ancestors == null) {
                        ancestors = reach(c, pred);
                    }
                    BitSet anc = ancestors;
                    chosen = best(writers, c, topo, anc::get);
                    if (chosen == GLOBAL) {
                        if (descendants == null) {
                            descendants = reach(c, succ);
                        }
                        BitSet desc = descendants;
                        // A writer that is not a descendant can be made a parent without a cycle.
                        chosen = best(writers, c, topo, p -> !desc.get(p));
                        if (chosen != GLOBAL) {
                            // The trace does not order the writer before the reader, but the data does:
                            // add the data dependency as an edge, so the reader runs after the writer and
                            // the validator finds the key on an ancestor.
                            succ.get(chosen).add(c);
                            pred.get(c).add(chosen);
                            parentMark[chosen] = stamp;
                            ancestors.set(chosen);
                            ancestors.or(reach(chosen, pred));
                            dataEdges++;
                            notes.add("added edge " + trace.tasks.get(chosen).id + " -> " + consumer.id + ": task '"
                                    + consumer.id + "' reads file '" + f + "' written by task '"
                                    + trace.tasks.get(chosen).id + "', which the trace does not make its ancestor");
                        } else {
                            notes.add("task '" + consumer.id + "' reads file '" + f + "' before any task writes it"
                                    + " (only it or its descendants do): it is read as a global input");
                        }
                    }
                }
                sources.put(f, chosen);
                if (chosen == GLOBAL) {
                    globalSize.merge(f, in.getValue(), Math::max);
                }
            }
        }

        // Keys: one per version of a file; the pre-existing copy (global input) first, then each writer.
        Names keys = new Names(Limits.MAX_KEY_LENGTH);
        Map<String, String> globalKey = new HashMap<>();
        List<Map<String, String>> outputKey = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            outputKey.add(new HashMap<>());
        }
        for (String f : fileOrder) {
            String base = Names.key(f);
            if (globalSize.containsKey(f)) {
                globalKey.put(f, keys.unique(base));
            }
            for (int p : producers.getOrDefault(f, List.of())) {
                outputKey.get(p).put(f, keys.unique(base));
            }
        }

        Map<String, Object> globalInput = new LinkedHashMap<>();
        for (String f : fileOrder) {
            String key = globalKey.get(f);
            if (key != null) {
                globalInput.put(key, FlatDocument.data("pass", DataRef.INPUT, key, globalSize.get(f)));
            }
        }
        List<Object> functions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Trace.Task t = trace.tasks.get(i);
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("name", functionNames[i]);
            String source = sourceOf(t, labelCount);
            sources.put(functionNames[i], source);
            fn.put("source", source);
            fn.put("runtime", t.runtime);
            fn.put("scale", SCALE);
            fn.put("mem_usage", MEM_USAGE);
            Map<String, Object> input = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> s : sourceOf.get(i).entrySet()) {
                String f = s.getKey();
                int src = s.getValue();
                if (src == GLOBAL) {
                    String key = globalKey.get(f);
                    input.put(key, FlatDocument.data("pass", DataRef.INPUT, key, globalSize.get(f)));
                } else {
                    String key = outputKey.get(src).get(f);
                    input.put(key, FlatDocument.data("pass", functionNames[src], key, trace.tasks.get(src).outputs.get(f)));
                }
            }
            if (!input.isEmpty()) {
                fn.put("input", input);
            }
            Map<String, Object> output = new LinkedHashMap<>();
            for (Map.Entry<String, Long> out : t.outputs.entrySet()) {
                output.put(outputKey.get(i).get(out.getKey()), FlatDocument.data("normal", null, null, out.getValue()));
            }
            if (!output.isEmpty()) {
                fn.put("output", output);
            }
            List<Integer> next = new ArrayList<>(new LinkedHashSet<>(succ.get(i)));
            if (!next.isEmpty()) {
                Collections.sort(next); // trace order, whatever order parents and children listed them in
                List<String> nodes = new ArrayList<>(next.size());
                for (int s : next) {
                    nodes.add(functionNames[s]);
                }
                fn.put("next", FlatDocument.next("pass", nodes, List.of()));
            }
            functions.add(fn);
        }
        return FlatDocument.root(globalInput, functions, new LinkedHashMap<>());
    }

    /** The program; else the category; else a name several tasks share; else the name without its instance number. */
    private static String sourceOf(Trace.Task t, Map<String, Integer> labelCount) {
        if (t.program != null) {
            return Names.source(t.program);
        }
        if (t.category != null) {
            return Names.source(t.category);
        }
        if (t.label != null && labelCount.get(t.label) > 1) {
            return Names.source(t.label);
        }
        return Names.source(Names.withoutInstanceNumber(t.preferredName));
    }

    private String[] functionNames() {
        Names names = new Names(Limits.MAX_NAME_LENGTH);
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = names.unique(Names.functionName(trace.tasks.get(i).preferredName));
        }
        return out;
    }

    private static boolean hasOther(List<Integer> writers, int self) {
        for (int w : writers) {
            if (w != self) {
                return true;
            }
        }
        return false;
    }

    /** Among the writers other than {@code self} that pass the test, the latest in topological order. */
    private static int best(List<Integer> writers, int self, int[] topo, IntPredicate test) {
        int best = GLOBAL;
        for (int w : writers) {
            if (w != self && test.test(w) && (best == GLOBAL || topo[w] > topo[best])) {
                best = w;
            }
        }
        return best;
    }

    /** Tasks reachable from {@code start} (itself excluded) along {@code adjacency}. */
    private BitSet reach(int start, List<List<Integer>> adjacency) {
        BitSet seen = new BitSet(n);
        if (queue == null) {
            queue = new int[n];
        }
        int head = 0;
        int tail = 0;
        seen.set(start); // so every task enters the queue at most once
        queue[tail++] = start;
        while (head < tail) {
            List<Integer> next = adjacency.get(queue[head++]);
            for (int i = 0, size = next.size(); i < size; i++) {
                int v = next.get(i);
                if (!seen.get(v)) {
                    seen.set(v);
                    queue[tail++] = v;
                }
            }
        }
        seen.clear(start);
        return seen;
    }

    /** Position of each task in a topological order of the trace's edges; null (and a problem) on a cycle. */
    private int[] topologicalPositions() {
        TopologicalSort sort = TopologicalSort.of(succ, pred);
        if (sort.complete()) {
            return sort.positions();
        }
        reportCycle(sort.indegreeLeft());
        return null;
    }

    /**
     * Every task left with a positive in-degree has a predecessor also left: walking predecessors from
     * any of them must come back to a task already seen, which closes a cycle.
     */
    private void reportCycle(int[] indegree) {
        int start = 0;
        while (indegree[start] == 0) {
            start++;
        }
        Map<Integer, Integer> stepOf = new HashMap<>();
        List<Integer> walk = new ArrayList<>();
        int v = start;
        while (!stepOf.containsKey(v)) {
            stepOf.put(v, walk.size());
            walk.add(v);
            int next = -1;
            for (int p : pred.get(v)) {
                if (indegree[p] > 0) {
                    next = p;
                    break;
                }
            }
            v = next;
        }
        List<Integer> cycle = new ArrayList<>(walk.subList(stepOf.get(v), walk.size()));
        Collections.reverse(cycle); // the walk went against the edges
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (cycle.get(i) < cycle.get(first)) {
                first = i;
            }
        }
        Collections.rotate(cycle, -first);
        StringBuilder path = new StringBuilder();
        for (int t : cycle) {
            path.append(trace.tasks.get(t).id).append(" -> ");
        }
        Trace.Task head = trace.tasks.get(cycle.get(0));
        path.append(head.id);
        problems.add(new Problem(file, head.id, head.path,
                "the trace's parent/child dependencies form a cycle: " + path));
    }
}
