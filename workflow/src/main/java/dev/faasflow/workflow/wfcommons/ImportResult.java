package dev.faasflow.workflow.wfcommons;

import dev.faasflow.workflow.Workflow;

import java.util.List;

/**
 * An imported trace with what the import had to decide.
 *
 * @param workflow      the validated workflow
 * @param schemaVersion the instance's {@code schemaVersion}
 * @param dataEdges     edges added because a task reads a file written by a task the trace does not
 *                      make its ancestor
 * @param notes         one line per such decision, for the user
 */
public record ImportResult(Workflow workflow, String schemaVersion, int dataEdges, List<String> notes) {
    public ImportResult {
        notes = List.copyOf(notes);
    }
}
