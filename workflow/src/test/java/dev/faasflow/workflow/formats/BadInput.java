package dev.faasflow.workflow.formats;

import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowLoader;

import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading a bad document: every problem names the file; one names the node, the field and says what. */
final class BadInput {
    private BadInput() {
    }

    static List<Problem> problems(String yaml) {
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowLoader.parse("bad.yaml", "bad", yaml));
        e.problems().forEach(p -> assertEquals("bad.yaml", p.file()));
        return e.problems();
    }

    static void assertProblem(List<Problem> problems, String node, String field, String text) {
        assertTrue(problems.stream().anyMatch(p -> node.equals(p.function()) && Objects.equals(field, p.field())
                && p.message().contains(text)), problems.toString());
    }
}
