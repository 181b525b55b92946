package dev.faasflow.workflow.wfcommons;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.workflow.Problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of a WfFormat instance the import uses into a {@link Trace}, checking each of those
 * fields (presence, type, range) and every reference (parent and child task ids, file ids, execution
 * task ids). Fields the import does not use are not checked. Problems name the file, the task (in the
 * function slot: the task becomes that function) and the JSON path of the field.
 */
final class TraceReader {
    private final String file;
    private final List<Problem> problems;

    TraceReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    private void problem(String task, String field, String message) {
        problems.add(new Problem(file, task, field, message));
    }

    // ---------------------------------------------------------------- 1.5

    /**
     * Format 1.5: {@code workflow.specification.tasks[] {id, name, parents, children, inputFiles,
     * outputFiles}}, {@code workflow.specification.files[] {id, sizeInBytes}} and optionally
     * {@code workflow.execution.tasks[] {id, runtimeInSeconds}}.
     */
    Trace read15(String name, String version, JsonNode workflow) {
        JsonNode spec = workflow.get("specification");
        if (spec == null || !spec.isObject()) {
            problem(null, "workflow.specification", spec == null
                    ? "missing: a " + version + " instance keeps its tasks in workflow.specification"
                    : "expected an object with tasks and files");
            return null;
        }
        JsonNode tasks = spec.get("tasks");
        if (tasks == null || !tasks.isArray() || tasks.isEmpty()) {
            problem(null, "workflow.specification.tasks", "expected a non-empty list of tasks");
            return null;
        }
        Map<String, Long> sizes = fileSizes15(spec.get("files"));

        Trace trace = new Trace(name, version);
        Map<String, Integer> byId = new HashMap<>();
        List<JsonNode> nodes = new ArrayList<>(tasks.size());
        int before = problems.size();
        for (int i = 0; i < tasks.size(); i++) {
            String path = "workflow.specification.tasks[" + i + "]";
            JsonNode task = tasks.get(i);
            if (!task.isObject()) {
                problem(null, path, "expected an object");
                continue;
            }
            String id = requiredText(null, task, "id", path);
            if (id == null) {
                continue;
            }
            if (byId.putIfAbsent(id, trace.tasks.size()) != null) {
                problem(id, path + ".id", "duplicate task id '" + id + "' (also "
                        + trace.tasks.get(byId.get(id)).path + ")");
                continue;
            }
            Trace.Task t = trace.add(id, path, id);
            t.label = optionalText(id, task, "name", path);
            nodes.add(task);
        }
        if (problems.size() > before) {
            return null; // references cannot be resolved reliably without every id
        }
        for (Trace.Task t : trace.tasks) {
            JsonNode task = nodes.get(t.index);
            for (String ref : references(t, task, "parents")) {
                link(trace, t, ref, byId.get(ref), "parents", true);
            }
            for (String ref : references(t, task, "children")) {
                link(trace, t, ref, byId.get(ref), "children", false);
            }
            files15(t, task, "inputFiles", sizes, t.inputs);
            files15(t, task, "outputFiles", sizes, t.outputs);
        }
        runtimes15(workflow.get("execution"), trace, byId);
        return trace;
    }

    private Map<String, Long> fileSizes15(JsonNode files) {
        Map<String, Long> sizes = new HashMap<>();
        if (files == null || files.isNull()) {
            return sizes;
        }
        if (!files.isArray()) {
            problem(null, "workflow.specification.files", "expected a list of {id, sizeInBytes}");
            return sizes;
        }
        for (int i = 0; i < files.size(); i++) {
            String path = "workflow.specification.files[" + i + "]";
            JsonNode f = files.get(i);
            if (!f.isObject()) {
                problem(null, path, "expected an object {id, sizeInBytes}");
                continue;
            }
            String id = requiredText(null, f, "id", path);
            Long size = size(null, f, "sizeInBytes", path);
            if (id == null || size == null) {
                continue;
            }
            if (sizes.putIfAbsent(id, size) != null) {
                problem(null, path + ".id", "duplicate file id '" + id + "'");
            }
        }
        return sizes;
    }

    private void files15(Trace.Task t, JsonNode task, String field, Map<String, Long> sizes, Map<String, Long> into) {
        JsonNode list = task.get(field);
        if (list == null || list.isNull()) {
            return;
        }
        String path = t.path + "." + field;
        if (!list.isArray()) {
            problem(t.id, path, "expected a list of file ids");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode ref = list.get(i);
            if (!ref.isTextual() || ref.textValue().isEmpty()) {
                problem(t.id, path + "[" + i + "]", "expected a file id");
                continue;
            }
            Long size = sizes.get(ref.textValue());
            if (size == null) {
                problem(t.id, path + "[" + i + "]", "task '" + t.id + "' references file '" + ref.textValue()
                        + "', which workflow.specification.files does not declare");
                continue;
            }
            into.putIfAbsent(ref.textValue(), size);
        }
    }

    private void runtimes15(JsonNode execution, Trace trace, Map<String, Integer> byId) {
        if (execution == null || execution.isNull()) {
            return; // a specification without an execution: runtimes stay 0
        }
        JsonNode tasks = execution.isObject() ? execution.get("tasks") : null;
        if (tasks == null || !tasks.isArray()) {
            problem(null, "workflow.execution.tasks", "expected a list of {id, runtimeInSeconds}");
            return;
        }
        boolean[] seen = new boolean[trace.tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            String path = "workflow.execution.tasks[" + i + "]";
            JsonNode e = tasks.get(i);
            if (!e.isObject()) {
                problem(null, path, "expected an object {id, runtimeInSeconds}");
                continue;
            }
            String id = requiredText(null, e, "id", path);
            if (id == null) {
                continue;
            }
            Integer index = byId.get(id);
            if (index == null) {
                problem(id, path + ".id", "execution task '" + id + "' is not in workflow.specification.tasks");
                continue;
            }
            if (seen[index]) {
                problem(id, path + ".id", "task '" + id + "' has more than one execution entry");
                continue;
            }
            seen[index] = true;
            Trace.Task t = trace.tasks.get(index);
            Double runtime = seconds(id, e, "runtimeInSeconds", path, true);
            if (runtime != null) {
                t.runtime = runtime;
            }
            t.program = program(id, e, path);
        }
    }

    // ---------------------------------------------------------------- 1.0 - 1.4

    /**
     * Formats 1.0 to 1.4: {@code workflow.tasks[] {name, id, parents, children, files[] {name,
     * sizeInBytes, link}, runtimeInSeconds}}. Parents and children may name tasks by id or by name
     * (Pegasus instances use names); older instances say {@code runtime} and {@code size}.
     */
    Trace read14(String name, String version, JsonNode workflow) {
        JsonNode tasks = workflow.get("tasks");
        if (tasks == null || !tasks.isArray() || tasks.isEmpty()) {
            problem(null, "workflow.tasks", tasks == null && workflow.has("specification")
                    ? "missing: schemaVersion " + version + " keeps tasks in workflow.tasks (workflow.specification is 1.5)"
                    : "expected a non-empty list of tasks");
            return null;
        }
        int n = tasks.size();
        String[] names = new String[n];
        String[] ids = new String[n];
        Map<String, Integer> nameCount = new HashMap<>();
        int before = problems.size();
        for (int i = 0; i < n; i++) {
            String path = "workflow.tasks[" + i + "]";
            JsonNode task = tasks.get(i);
            if (!task.isObject()) {
                problem(null, path, "expected an object");
                continue;
            }
            names[i] = requiredText(null, task, "name", path);
            JsonNode id = task.get("id");
            if (id != null && !id.isNull()) {
                if (id.isTextual() && !id.textValue().isEmpty()) {
                    ids[i] = id.textValue();
                } else {
                    problem(names[i], path + ".id", "expected a non-empty string");
                }
            }
            if (names[i] != null) {
                nameCount.merge(names[i], 1, Integer::sum);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        Trace trace = new Trace(name, version);
        Map<String, Integer> byKey = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        int[] taskOf = new int[n];
        for (int i = 0; i < n; i++) {
            String path = "workflow.tasks[" + i + "]";
            String key = ids[i] != null ? ids[i] : names[i];
            if (byKey.putIfAbsent(key, i) != null) {
                problem(key, path + (ids[i] != null ? ".id" : ".name"), "duplicate task "
                        + (ids[i] != null ? "id" : "name") + " '" + key + "' (also workflow.tasks[" + byKey.get(key) + "])");
                continue;
            }
            if (nameCount.get(names[i]) == 1) {
                byName.put(names[i], i);
            }
            // Names are what Pegasus instances (and the artifact's benchmarks) are known by; ids when
            // names repeat.
            String preferred = nameCount.get(names[i]) == 1 ? names[i] : key;
            taskOf[i] = trace.tasks.size();
            trace.add(key, path, preferred);
        }
        if (problems.size() > before) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            Trace.Task t = trace.tasks.get(taskOf[i]);
            JsonNode task = tasks.get(i);
            for (String kind : new String[] {"parents", "children"}) {
                for (String ref : references(t, task, kind)) {
                    Integer other = byKey.get(ref);
                    if (other == null) {
                        other = byName.get(ref);
                    }
                    if (other == null && nameCount.getOrDefault(ref, 0) > 1) {
                        problem(t.id, t.path + "." + kind, "task '" + t.id + "' names " + kind.substring(0, kind.length() - 1)
                                + " '" + ref + "', but several tasks have that name and none has it as id");
                        continue;
                    }
                    link(trace, t, ref, other == null ? null : taskOf[other], kind, kind.equals("parents"));
                }
            }
            files14(t, task);
            t.program = program(t.id, task, t.path);
            t.category = optionalText(t.id, task, "category", t.path);
            t.label = names[i];
            Double runtime = seconds(t.id, task, "runtimeInSeconds", t.path, false);
            if (runtime == null && !task.has("runtimeInSeconds")) {
                runtime = seconds(t.id, task, "runtime", t.path, false);
            }
            if (runtime != null) {
                t.runtime = runtime;
            }
        }
        return trace;
    }

    private void files14(Trace.Task t, JsonNode task) {
        JsonNode files = task.get("files");
        if (files == null || files.isNull()) {
            return;
        }
        if (!files.isArray()) {
            problem(t.id, t.path + ".files", "expected a list of {name, sizeInBytes, link}");
            return;
        }
        for (int i = 0; i < files.size(); i++) {
            String path = t.path + ".files[" + i + "]";
            JsonNode f = files.get(i);
            if (!f.isObject()) {
                problem(t.id, path, "expected an object {name, sizeInBytes, link}");
                continue;
            }
            String fileName = requiredText(t.id, f, "name", path);
            Long size = f.has("sizeInBytes") || !f.has("size") ? size(t.id, f, "sizeInBytes", path) : size(t.id, f, "size", path);
            String link = requiredText(t.id, f, "link", path);
            if (fileName == null || size == null || link == null) {
                continue;
            }
            switch (link) {
                case "input" -> t.inputs.merge(fileName, size, Math::max);
                case "output" -> t.outputs.merge(fileName, size, Math::max);
                default -> problem(t.id, path + ".link", "expected 'input' or 'output', got '" + link + "'");
            }
        }
    }

    // ---------------------------------------------------------------- shared

    /** {@code command.program} of a task (1.4) or an execution entry (1.5), or null when it has none. */
    private String program(String task, JsonNode node, String path) {
        JsonNode command = node.get("command");
        if (command == null || command.isNull()) {
            return null;
        }
        if (!command.isObject()) {
            problem(task, path + ".command", "expected an object {program, arguments}, got " + command);
            return null;
        }
        return optionalText(task, command, "program", path + ".command");
    }

    /** An optional non-empty string field; a problem when it is there but not one. */
    private String optionalText(String task, JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            problem(task, path + "." + field, "expected a non-empty string, got " + v);
            return null;
        }
        return v.textValue();
    }

    /** The strings of a parents or children list; problems for anything else. */
    private List<String> references(Trace.Task t, JsonNode task, String field) {
        JsonNode list = task.get(field);
        List<String> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problem(t.id, t.path + "." + field, "expected a list of task ids");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode ref = list.get(i);
            if (!ref.isTextual() || ref.textValue().isEmpty()) {
                problem(t.id, t.path + "." + field + "[" + i + "]", "expected a task id");
            } else {
                out.add(ref.textValue());
            }
        }
        return out;
    }

    private void link(Trace trace, Trace.Task t, String ref, Integer other, String field, boolean isParent) {
        String role = isParent ? "parent" : "child";
        if (other == null) {
            problem(t.id, t.path + "." + field, "task '" + t.id + "' names unknown " + role + " '" + ref
                    + "' (no task has that id)");
        } else if (other == t.index) {
            problem(t.id, t.path + "." + field, "task '" + t.id + "' names itself as " + role
                    + " (a cycle in the trace)");
        } else if (isParent) {
            trace.edge(other, t.index);
        } else {
            trace.edge(t.index, other);
        }
    }

    private String requiredText(String task, JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            problem(task, path + "." + field, "missing (required)");
            return null;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            problem(task, path + "." + field, "expected a non-empty string, got " + v);
            return null;
        }
        return v.textValue();
    }

    private Long size(String task, JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            problem(task, path + "." + field, "missing (required)");
            return null;
        }
        if (!v.isNumber() || v.doubleValue() < 0 || !Double.isFinite(v.doubleValue())) {
            problem(task, path + "." + field, "expected a size in bytes (a whole number, at least 0), got " + v);
            return null;
        }
        return v.canConvertToLong() && v.isIntegralNumber() ? v.longValue() : Math.round(v.doubleValue());
    }

    private Double seconds(String task, JsonNode node, String field, String path, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(task, path + "." + field, "missing (required)");
            }
            return null;
        }
        if (!v.isNumber() || v.doubleValue() < 0 || !Double.isFinite(v.doubleValue())) {
            problem(task, path + "." + field, "expected a number of seconds, at least 0, got " + v);
            return null;
        }
        return v.doubleValue();
    }
}
