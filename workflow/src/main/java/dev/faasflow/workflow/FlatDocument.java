package dev.faasflow.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pieces of a flat workflow document (the maps and lists a YAML reader gives for {@code flat_workflow.yaml}),
 * for the converters that turn other formats into it before the ordinary {@link WorkflowParser} validates it.
 */
public final class FlatDocument {
    private FlatDocument() {
    }

    /** An input or output: {@code {type, value: {function, parameter}, size}}; no value when {@code function} is null. */
    public static Map<String, Object> data(String type, String function, String parameter, long size) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        if (function != null) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("function", function);
            value.put("parameter", parameter);
            s.put("value", value);
        }
        s.put("size", size);
        return s;
    }

    /** A {@code next}: {@code {type, nodes}}, with {@code conditions} when there are any. */
    public static Map<String, Object> next(String type, List<String> nodes, List<String> conditions) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("type", type);
        next.put("nodes", new ArrayList<>(nodes));
        if (!conditions.isEmpty()) {
            next.put("conditions", new ArrayList<>(conditions));
        }
        return next;
    }

    /** The whole document: {@code global_input}, {@code functions}, {@code global_output}. */
    public static Map<String, Object> root(Map<String, Object> globalInput, List<Object> functions,
                                           Map<String, Object> globalOutput) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global_input", globalInput);
        root.put("functions", functions);
        root.put("global_output", globalOutput);
        return root;
    }
}
