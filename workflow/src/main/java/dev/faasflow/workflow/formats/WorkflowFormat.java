package dev.faasflow.workflow.formats;

import java.util.Map;
import java.util.Set;

/**
 * The three ways a workflow can be written, told apart by the document's shape (see
 * {@code docs/WORKFLOW_FORMAT.md}).
 */
public enum WorkflowFormat {
    /** The artifact's {@code flat_workflow.yaml}: {@code global_input}, {@code functions}, {@code global_output}. */
    FLAT,
    /** The artifact's nested DAG form: {@code main: {type: workflow, start, end, nodes}}. */
    NESTED,
    /** The artifact's structured language: a root {@code {name, type: pass|parallel|switch|foreach|function, ...}}. */
    STRUCTURED;

    static final Set<String> STRUCTURED_TYPES = Set.of("pass", "parallel", "switch", "foreach", "function");

    /**
     * The format of a parsed document: nested when it has {@code main}, structured when its root has a
     * {@code type} and no {@code functions}, flat otherwise (so a broken flat file gets the flat format's
     * own messages).
     */
    public static WorkflowFormat detect(Object tree) {
        if (!(tree instanceof Map<?, ?> root)) {
            return FLAT;
        }
        if (root.containsKey("functions") || root.containsKey("global_input") || root.containsKey("globalInput")) {
            return FLAT;
        }
        if (root.containsKey("main")) {
            return NESTED;
        }
        return root.containsKey("type") ? STRUCTURED : FLAT;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
