package dev.faasflow.workflow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionTest {
    private static boolean eval(String condition, Map<String, Object> values) throws Exception {
        return Condition.parse(condition).test(values::get);
    }

    @Test
    void artifactConditions() throws Exception {
        assertTrue(eval("INPUT.split", Map.of("split", true)));
        assertFalse(eval("INPUT.split", Map.of("split", false)));
        assertFalse(eval("INPUT.split", Map.of()));
        assertTrue(eval("INPUT.input1 < INPUT.input2", Map.of("input1", 1, "input2", 2)));
        assertFalse(eval("INPUT.input1 < INPUT.input2", Map.of("input1", "10", "input2", 2)));
        assertTrue(eval("default", Map.of()));
        assertTrue(Condition.parse("default").isDefault());
    }

    @Test
    void operatorsAndTruthiness() throws Exception {
        Map<String, Object> v = Map.of("a", 3, "b", "x", "flag", "false", "list", List.of(1), "k.dot", 1);
        assertTrue(eval("a >= 3 and b == 'x'", v));
        assertTrue(eval("not flag || a != 3", v));
        assertFalse(eval("flag", v));
        assertTrue(eval("list && (a > 2.5)", v));
        assertTrue(eval("INPUT.k.dot == 1", v));
        assertTrue(eval("missing == null", v));
        assertFalse(eval("missing > 1", v));
        assertEquals(Set.of("a", "b"), Condition.parse("INPUT.a < 1 or X.b").referencedKeys());
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : List.of("", "a <", "(a", "a = 1", "a; rm -rf", "'open", "a b", "and")) {
            assertThrows(ConditionSyntaxException.class, () -> Condition.parse(bad), bad);
        }
    }

    @Test
    void nestingUpToTheLimitParsesAndBeyondIsRefusedBeforeDescending() throws Exception {
        int max = Limits.MAX_CONDITION_DEPTH;
        assertTrue(eval("(".repeat(max) + "a" + ")".repeat(max), Map.of("a", true)));
        assertTrue(eval("not ".repeat(max) + "a", Map.of("a", true)));
        assertTrue(eval("!".repeat(max - 1) + "(a)", Map.of("a", false)));
        for (String deep : List.of("(".repeat(max + 1) + "a" + ")".repeat(max + 1), "not ".repeat(max + 1) + "a",
                "(".repeat(50_000) + "a" + ")".repeat(50_000), "not ".repeat(50_000) + "a", "!(".repeat(50_000) + "a")) {
            ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse(deep));
            assertTrue(e.getMessage().contains("nested deeper than 32 levels"), e.getMessage());
            assertTrue(e.getMessage().length() < 300, e.getMessage());
        }
    }

    @Test
    void longFlatChainsEvaluateWithoutRecursingPerOperand() throws Exception {
        String or = "a or ".repeat(800) + "b";
        assertTrue(or.length() <= Limits.MAX_CONDITION_LENGTH);
        assertTrue(eval(or, Map.of("b", 1)));
        assertFalse(eval("a and ".repeat(600) + "b", Map.of("a", 1)));
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class,
                () -> Condition.parse("a or ".repeat(1000) + "b"));
        assertTrue(e.getMessage().contains("longer than 4,096 characters"), e.getMessage());
    }
}
