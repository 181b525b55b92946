package dev.faasflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the workflow tests check of a {@link Problem}: where it is and what it says. */
public final class ProblemAssertions {
    private ProblemAssertions() {
    }

    /** {@code p} names {@code function} and {@code field}, and its message holds {@code fragment}. */
    public static void assertProblem(Problem p, String function, String field, String fragment) {
        assertEquals(function, p.function());
        assertEquals(field, p.field());
        assertTrue(p.message().contains(fragment), p.message());
    }
}
