package dev.faasflow.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated workflow DAG with its derived graph facts. Immutable; safe to share between threads.
 * Build one with {@link WorkflowLoader} or {@link WorkflowValidator#validate}.
 */
public final class Workflow {
    /** Per-function per-node warm-pool cap when function_info.yaml gives none. */
    public static final int DEFAULT_MAX_CONTAINERS = 10;

    private final String name;
    private final Map<String, DataSpec> globalInputs;
    private final Map<String, DataSpec> globalOutputs;
    private final List<FunctionDef> functions;
    private final int maxContainers;
    private final RetryPolicy defaultRetry;
    private final double defaultTimeoutSeconds;

    private final Map<String, Integer> indexByName = new HashMap<>();
    private final List<List<Integer>> successors = new ArrayList<>();
    private final List<List<Integer>> predecessors = new ArrayList<>();
    private final int[] topologicalOrder;
    private final Set<String> foreachFunctions = new HashSet<>();
    private final Set<String> mergeFunctions = new HashSet<>();

    Workflow(String name, Map<String, DataSpec> globalInputs, Map<String, DataSpec> globalOutputs,
             List<FunctionDef> functions, int maxContainers) {
        this(name, globalInputs, globalOutputs, functions, maxContainers, null, 0);
    }

    /**
     * @param defaultRetry          the retry policy of functions that name none (null: no retry)
     * @param defaultTimeoutSeconds the attempt timeout of functions that name none (0: the agent's)
     */
    Workflow(String name, Map<String, DataSpec> globalInputs, Map<String, DataSpec> globalOutputs,
             List<FunctionDef> functions, int maxContainers, RetryPolicy defaultRetry, double defaultTimeoutSeconds) {
        this.name = name;
        this.defaultRetry = defaultRetry;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.globalInputs = Collections.unmodifiableMap(new LinkedHashMap<>(globalInputs));
        this.globalOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(globalOutputs));
        this.functions = List.copyOf(functions);
        this.maxContainers = maxContainers;
        for (int i = 0; i < functions.size(); i++) {
            indexByName.put(functions.get(i).name(), i);
            successors.add(new ArrayList<>());
            predecessors.add(new ArrayList<>());
        }
        for (int i = 0; i < functions.size(); i++) {
            FunctionDef f = functions.get(i);
            Set<Integer> seen = new HashSet<>();
            for (String next : f.next().nodes()) {
                Integer j = indexByName.get(next);
                if (j == null) {
                    throw new IllegalArgumentException("unknown successor " + next + " of " + f.name());
                }
                if (seen.add(j)) {
                    successors.get(i).add(j);
                    predecessors.get(j).add(i);
                }
                if (f.next().type() == NextType.FOREACH) {
                    foreachFunctions.add(next);
                }
            }
        }
        for (String fe : foreachFunctions) {
            for (int s : successors.get(indexByName.get(fe))) {
                mergeFunctions.add(functions.get(s).name());
            }
        }
        this.topologicalOrder = kahn();
    }

    private int[] kahn() {
        TopologicalSort sort = TopologicalSort.of(successors, predecessors);
        if (!sort.complete()) {
            throw new IllegalArgumentException("workflow " + name + " has a cycle");
        }
        return sort.order();
    }

    public String name() {
        return name;
    }

    public Map<String, DataSpec> globalInputs() {
        return globalInputs;
    }

    public Map<String, DataSpec> globalOutputs() {
        return globalOutputs;
    }

    public List<FunctionDef> functions() {
        return functions;
    }

    public int maxContainers() {
        return maxContainers;
    }

    /** The workflow-wide retry policy ({@code defaults.retry}), or null when it names none. */
    public RetryPolicy defaultRetry() {
        return defaultRetry;
    }

    /** The workflow-wide attempt timeout ({@code defaults.timeout_seconds}), or 0 when it names none. */
    public double defaultTimeoutSeconds() {
        return defaultTimeoutSeconds;
    }

    /** The retry policy in effect for a function: its own, else the workflow's, else {@link RetryPolicy#NONE}. */
    public RetryPolicy retryOf(String functionName) {
        RetryPolicy own = function(functionName).retry();
        return own != null ? own : defaultRetry != null ? defaultRetry : RetryPolicy.NONE;
    }

    /** The attempt timeout in effect for a function, in milliseconds: its own, else the workflow's, else {@code fallback}. */
    public long timeoutMillisOf(String functionName, long fallbackMillis) {
        double own = function(functionName).timeoutSeconds();
        double seconds = own > 0 ? own : defaultTimeoutSeconds;
        return seconds > 0 ? Math.max(1, Math.round(seconds * 1000)) : fallbackMillis;
    }

    public int size() {
        return functions.size();
    }

    public int edgeCount() {
        int edges = 0;
        for (List<Integer> s : successors) {
            edges += s.size();
        }
        return edges;
    }

    public FunctionDef function(String functionName) {
        Integer i = indexByName.get(functionName);
        if (i == null) {
            throw new IllegalArgumentException("workflow " + name + " has no function '" + functionName + "'");
        }
        return functions.get(i);
    }

    public boolean hasFunction(String functionName) {
        return indexByName.containsKey(functionName);
    }

    public int indexOf(String functionName) {
        Integer i = indexByName.get(functionName);
        return i == null ? -1 : i;
    }

    public FunctionDef function(int index) {
        return functions.get(index);
    }

    /** Distinct successors by index, in declaration order. */
    public List<Integer> successorsOf(int index) {
        return Collections.unmodifiableList(successors.get(index));
    }

    /** Distinct predecessors by index. */
    public List<Integer> predecessorsOf(int index) {
        return Collections.unmodifiableList(predecessors.get(index));
    }

    public List<String> successorNames(String functionName) {
        return names(successors.get(indexOf(functionName)));
    }

    public List<String> predecessorNames(String functionName) {
        return names(predecessors.get(indexOf(functionName)));
    }

    private List<String> names(List<Integer> indexes) {
        List<String> out = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            out.add(functions.get(i).name());
        }
        return out;
    }

    /** Function indexes in a topological order (FIFO Kahn from the start functions in file order). */
    public int[] topologicalOrder() {
        return topologicalOrder.clone();
    }

    public boolean isStart(String functionName) {
        return predecessors.get(indexOf(functionName)).isEmpty();
    }

    public boolean isSink(String functionName) {
        return successors.get(indexOf(functionName)).isEmpty();
    }

    public List<String> startFunctions() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            if (predecessors.get(i).isEmpty()) {
                out.add(functions.get(i).name());
            }
        }
        return out;
    }

    public List<String> sinkFunctions() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
            if (successors.get(i).isEmpty()) {
                out.add(functions.get(i).name());
            }
        }
        return out;
    }

    /** Functions named in some {@code foreach} next: they run once per element of their key list. */
    public boolean isForeach(String functionName) {
        return foreachFunctions.contains(functionName);
    }

    /** Successors of a foreach function: they run once and see whole lists. */
    public boolean isMerge(String functionName) {
        return mergeFunctions.contains(functionName);
    }

    @Override
    public String toString() {
        return "Workflow[" + name + ", " + functions.size() + " functions, " + edgeCount() + " edges]";
    }
}
