package dev.faasflow.workflow;

import java.util.List;
import java.util.stream.Collectors;

/** A workflow definition that cannot be used, with every problem found in it. */
public class WorkflowException extends Exception {
    private final List<Problem> problems;

    public WorkflowException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public WorkflowException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
