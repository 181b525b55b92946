package dev.faasflow.workflow.formats;

import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowParser;

import java.util.Map;

/**
 * Reads a document tree in any of the three formats into the one workflow model: the nested and
 * structured forms are first converted to the flat document, then everything goes through the same
 * {@link WorkflowParser} validation. Problems name the file, the node and the field.
 */
public final class WorkflowFormats {
    private WorkflowFormats() {
    }

    /**
     * @param where  where the document came from, for messages (a file, a resource)
     * @param name   the workflow's name
     * @param tree   the parsed document (maps, lists, scalars), in any format
     * @param images image per function name (function_info.yaml), may be empty
     */
    public static Workflow parse(String where, String name, Object tree, Map<String, String> images,
                                 int maxContainers) throws WorkflowException {
        return WorkflowParser.parse(where, name, toFlat(where, tree, WorkflowFormat.detect(tree)), images, maxContainers);
    }

    /** The same, with the format given rather than detected. */
    public static Workflow parse(String where, String name, Object tree, WorkflowFormat format, Map<String, String> images,
                                 int maxContainers) throws WorkflowException {
        return WorkflowParser.parse(where, name, toFlat(where, tree, format), images, maxContainers);
    }

    /** The flat document for {@code tree} (the tree itself when it already is one). */
    public static Object toFlat(String where, Object tree, WorkflowFormat format) throws WorkflowException {
        return switch (format) {
            case FLAT -> tree;
            case NESTED -> new NestedDagConverter(where).convert(tree);
            case STRUCTURED -> new StructuredConverter(where).convert(tree);
        };
    }
}
