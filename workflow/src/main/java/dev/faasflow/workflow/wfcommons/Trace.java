package dev.faasflow.workflow.wfcommons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A WfFormat instance reduced to what the import needs, the same for every schema version: tasks in
 * declaration order with their runtime, the files they read and write (with sizes), and the dependency
 * edges (parents and children merged, by task index).
 */
final class Trace {
    /** The instance's {@code name}, as given (may be null). */
    final String name;
    final String schemaVersion;
    final List<Task> tasks = new ArrayList<>();
    /** Successor indexes per task, deduplicated. */
    final List<Set<Integer>> children = new ArrayList<>();

    Trace(String name, String schemaVersion) {
        this.name = name;
        this.schemaVersion = schemaVersion;
    }

    Task add(String id, String path, String preferredName) {
        Task t = new Task(tasks.size(), id, path, preferredName);
        tasks.add(t);
        children.add(new LinkedHashSet<>());
        return t;
    }

    void edge(int parent, int child) {
        children.get(parent).add(child);
    }

    static final class Task {
        final int index;
        /** The identifier references use (1.5: {@code id}; 1.4: {@code id}, else {@code name}). */
        final String id;
        /** Where the task sits in the document, for messages: {@code workflow.tasks[3]}. */
        final String path;
        /** What the function name is made from, before sanitizing and de-duplicating. */
        final String preferredName;
        double runtime;
        /** The program the task runs ({@code command.program}), or null when the trace does not say. */
        String program;
        /** 1.4: the task's {@code category} (what kind of task it is), or null. */
        String category;
        /** The task's {@code name}: a free label that several tasks of one program often share; may be null. */
        String label;
        /** File id to the size this task declares for it, in the order the task lists them. */
        final Map<String, Long> inputs = new LinkedHashMap<>();
        final Map<String, Long> outputs = new LinkedHashMap<>();

        Task(int index, String id, String path, String preferredName) {
            this.index = index;
            this.id = id;
            this.path = path;
            this.preferredName = preferredName;
        }
    }
}
