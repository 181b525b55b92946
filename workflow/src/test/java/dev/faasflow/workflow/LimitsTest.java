package dev.faasflow.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.faasflow.fixtures.SmallWorkflows.switchOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit of {@link Limits} is enforced, and its refusal names the limit and where it was hit. */
class LimitsTest {
    private static Problem only(String yaml) {
        List<Problem> problems = problems(yaml);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    private static List<Problem> problems(String yaml) {
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowLoader.parse("hostile.yaml", "hostile", yaml));
        e.problems().forEach(p -> assertEquals("hostile.yaml", p.file(), p.toString()));
        return e.problems();
    }

    private static void assertMentions(Problem p, String... fragments) {
        for (String f : fragments) {
            assertTrue(p.toString().contains(f), "'" + f + "' not in: " + p);
        }
    }

    @Test
    void everyShippedWorkflowIsWithinTheLimits() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("..", "benchmarks"))) {
            // Not workflows of ours: the artifact's flat twins of the structured examples (its flattener's output,
            // with its typos such as 'fuctions'; the format tests read them as plain trees) and switch/workflow2.yaml,
            // which reads a LOCAL value the artifact found in a folder beside it.
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("function_info.yaml"))
                    .filter(f -> !(f.toString().contains("structured-examples") && (f.endsWith("flat_workflow.yaml")
                            || f.toString().endsWith("switch" + java.io.File.separator + "workflow2.yaml"))))
                    .toList();
            assertTrue(yaml.size() >= 13, yaml.toString());
            for (Path f : yaml) {
                assertTrue(WorkflowLoader.load(f).size() > 0, f.toString());
            }
        }
    }

    @Test
    void aFileLargerThanTheLimitIsNotRead(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[Limits.MAX_DOCUMENT_BYTES + 1]);
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowLoader.load(big));
        assertMentions(e.problems().get(0), big.toString(), "16,777,217 bytes", "limit for workflow documents");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("latin1.yaml");
        Files.write(bad, new byte[] {'f', 'u', 'n', (byte) 0xe9, '\n'});
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowLoader.load(bad));
        assertMentions(e.problems().get(0), "not valid UTF-8 (byte 3)");
    }

    @Test
    void aLongLineIsRefusedBeforeYamlScansIt() {
        String yaml = switchOn("INPUT.x").replace("- name: c", "- name: c\n  source: " + "s".repeat(Limits.MAX_YAML_LINE_CHARS));
        assertMentions(only(yaml), "line 15 is 65,546 characters long", "limit for YAML lines");
    }

    @Test
    void aLongValueOverSeveralLinesIsReadAndRefusedByItsOwnLimit() {
        String lines = ("ab".repeat(1000) + "\n    ").repeat(100);
        Problem p = only(switchOn("INPUT.x").replace("- name: c", "- name: c\n  source: \"" + lines + "\""));
        assertEquals("c", p.function());
        assertEquals("source", p.field());
        assertMentions(p, "limit for sources and images", "(200,100 characters)");
        assertTrue(p.toString().length() < 300, p.toString());
    }

    @Test
    void deepNestingIsRefusedInYamlAndJson() {
        String deep = "[".repeat(Limits.MAX_NESTING_DEPTH + 1) + "]".repeat(Limits.MAX_NESTING_DEPTH + 1);
        assertMentions(only("functions: " + deep), "nested deeper than 64 levels");
        assertMentions(only("{\"functions\": " + deep + "}"), "nested deeper than 64 levels");
        String veryDeep = "[".repeat(50_000);
        assertMentions(only("functions: " + veryDeep), "nested deeper than 64 levels");
    }

    @Test
    void tooManyAliasesAreRefused() {
        StringBuilder yaml = new StringBuilder("anchor: &a {k: v}\nuses:\n");
        for (int i = 0; i <= Limits.MAX_YAML_ALIASES; i++) {
            yaml.append("- *a\n");
        }
        assertMentions(only(yaml.toString()), "more than 5,000 aliases", "limit for YAML documents");
    }

    /** Nine levels of ten aliases: a billion values once expanded, 1 kB as written. */
    static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("b").append(i).append(": &b").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*b" + (i - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void anAliasBombIsRefusedWhereverItIsUsed() {
        for (String field : List.of("source: *b9", "runtime: *b9", "next: {type: pass, nodes: [v, *b9]}")) {
            String yaml = aliasBomb() + switchOn("INPUT.x").replace("  runtime: 1\n  next: {type: pass, nodes: [v]}",
                    "  " + field + (field.startsWith("next") ? "" : "\n  next: {type: pass, nodes: [v]}"));
            assertMentions(only(yaml), "more than 4,000,000 values once aliases are expanded");
        }
    }

    @Test
    void aSmallAliasWhereTextIsExpectedIsAClearProblem() {
        Problem p = only("list: &l [x, y]\n" + switchOn("INPUT.x").replace("runtime: 1", "source: *l"));
        assertEquals("a", p.function());
        assertEquals("source", p.field());
        assertMentions(p, "expected text, got a list");
        Problem r = only("list: &l [x, y]\n" + switchOn("INPUT.x").replace("runtime: 1", "runtime: *l"));
        assertMentions(r, "runtime", "not a number: a list");
    }

    @Test
    void aRecursiveAliasIsRefused() {
        assertMentions(only("loop: &l [a, *l]\nfunctions: [{name: a}]"), "contains itself");
    }

    @Test
    void aDeepConditionNamesFileFunctionFieldAndLimit() {
        for (String condition : List.of("(".repeat(50_000) + "INPUT.x" + ")".repeat(50_000), "not ".repeat(50_000) + "INPUT.x")) {
            // JSON has no line limit: the condition itself reaches the parser.
            String json = "{\"global_input\": {\"x\": {\"type\": \"pass\", \"value\": {\"function\": \"INPUT\", \"parameter\": \"x\"}}},"
                    + "\"functions\": [{\"name\": \"a\", \"next\": {\"type\": \"pass\", \"nodes\": [\"v\"]}},"
                    + "{\"name\": \"v\", \"source\": \"VIRTUAL\", \"next\": {\"type\": \"switch\", \"nodes\": [\"b\", \"c\"],"
                    + "\"conditions\": [\"" + condition + "\", \"default\"]}}, {\"name\": \"b\"}, {\"name\": \"c\"}]}";
            List<Problem> problems = assertThrows(WorkflowException.class,
                    () -> WorkflowLoader.parse("deep.json", "deep", json)).problems();
            assertEquals(1, problems.size(), problems.toString());
            Problem p = problems.get(0);
            assertEquals("deep.json", p.file());
            assertEquals("v", p.function());
            assertEquals("next.conditions[0]", p.field());
            assertMentions(p, "nested deeper than 32 levels", "limit for conditions");
        }
        Problem shallowButLong = only(switchOn("'" + "INPUT.x or ".repeat(500) + "INPUT.x'"));
        assertEquals("next.conditions[0]", shallowButLong.field());
        assertMentions(shallowButLong, "longer than 4,096 characters (limit for conditions)");
    }

    @Test
    void namesMustBeLabelValues() {
        Problem evil = only(switchOn("INPUT.x").replace("- name: b", "- name: evil/../../x?y=1")
                .replace("nodes: [b, c]", "nodes: ['evil/../../x?y=1', c]"));
        assertEquals("functions[2].name", evil.field());
        assertMentions(evil, "'evil/../../x?y=1' is not valid", "Kubernetes label value");
        String long100k = "a".repeat(100_000);
        Problem longName = only(switchOn("INPUT.x").replace("- name: b", "- name: \"" + "a".repeat(64) + "\"")
                .replace("nodes: [b, c]", "nodes: [" + "a".repeat(64) + ", c]"));
        assertMentions(longName, "longer than 63 characters (limit for names)");
        WorkflowException workflowName = assertThrows(WorkflowException.class,
                () -> WorkflowLoader.parse("x.yaml", long100k, switchOn("INPUT.x")));
        assertEquals("name", workflowName.problems().get(0).field());
        assertTrue(workflowName.getMessage().length() < 300, workflowName.getMessage());
        assertNotNull(Limits.nameProblem("-a"));
        assertNotNull(Limits.nameProblem("a_"));
        assertEquals(null, Limits.nameProblem("a"));
        assertEquals(null, Limits.nameProblem("illgal_recognizer"));
        assertEquals(null, Limits.nameProblem("a".repeat(63)));
    }

    @Test
    void keysAndParametersFollowTheKeyRule() {
        Problem key = only(switchOn("INPUT.x").replace("- name: c", "- name: c\n  output: {'a/b': {size: 1}}"));
        assertEquals("c", key.function());
        assertEquals("output.a/b", key.field());
        assertMentions(key, "key 'a/b' is not valid");
        Problem param = only(switchOn("INPUT.x").replace("parameter: x}", "parameter: 'x:y'}"));
        assertEquals("global_input.x.value.parameter", param.field());
        Problem longKey = only(switchOn("INPUT.x").replace("- name: c", "- name: c\n  output: {" + "k".repeat(254) + ": {size: 1}}"));
        assertMentions(longKey, "longer than 253 characters (limit for keys)");
    }

    @Test
    void numbersStayWithinTheirRanges() {
        String base = switchOn("INPUT.x");
        assertMentions(only(base.replace("size: 8}", "size: 1e30}")), "field 'global_input.x.size'",
                "from 0 to 1,099,511,627,776 bytes (limit for size)");
        assertMentions(only(base.replace("size: 8}", "size: 8.5}")), "whole number of bytes");
        assertMentions(only(base.replace("runtime: 1", "runtime: 1e9")), "function 'a', field 'runtime'",
                "from 0 to 604,800 seconds");
        assertMentions(only(base.replace("runtime: 1", "runtime: .nan")), "field 'runtime'");
        assertMentions(only(base.replace("runtime: 1", "scale: 20000")), "from 0 to 10,000 slots");
        assertMentions(only(base.replace("runtime: 1", "split_ratio: 1e12")), "limit for split_ratio");
        assertMentions(only(base.replace("runtime: 1", "mem_usage: 1.5")), "from 0 to 1 (limit for mem_usage)");
        assertMentions(only(base.replace("runtime: 1", "runtime: '" + "9".repeat(100) + "'")), "not a number");
    }

    @Test
    void tooManyFunctionsAreRefusedBeforeTheyAreRead() {
        StringBuilder yaml = new StringBuilder("functions:\n");
        for (int i = 0; i <= Limits.MAX_FUNCTIONS; i++) {
            yaml.append("- {name: f").append(i).append("}\n");
        }
        assertMentions(only(yaml.toString()), "10,001 functions, more than 10,000");
    }

    @Test
    void problemsAreCappedWithACount() {
        StringBuilder yaml = new StringBuilder("functions:\n");
        for (int i = 0; i < 500; i++) {
            yaml.append("- {name: f").append(i).append(", runtime: -1}\n");
        }
        List<Problem> problems = problems(yaml.toString());
        assertEquals(Limits.MAX_PROBLEMS + 1, problems.size());
        assertMentions(problems.get(Limits.MAX_PROBLEMS), "and 400 more problems");
    }

    @Test
    void aLongChainOfDistantInputsIsCheckedQuickly() throws Exception {
        // Every function reads what the first one wrote: the check must not walk all ancestors each time.
        StringBuilder yaml = new StringBuilder("functions:\n- {name: f0, output: {k: {size: 1}}, next: {nodes: [f1]}}\n");
        int n = 5_000;
        for (int i = 1; i < n; i++) {
            yaml.append("- {name: f").append(i).append(", input: {k: {value: {function: f0, parameter: k}}}")
                    .append(i + 1 < n ? ", next: {nodes: [f" + (i + 1) + "]}}\n" : "}\n");
        }
        assertEquals(n, WorkflowLoader.parse("chain.yaml", "chain", yaml.toString()).size());
    }

    @Test
    void functionInfoIsBoundedToo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("flat_workflow.yaml"), "functions: [{name: a}]\n");
        Files.writeString(dir.resolve(WorkflowLoader.FUNCTION_INFO), "max_containers: 1e9\n");
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowLoader.load(dir.resolve("flat_workflow.yaml")));
        assertMentions(e.problems().get(0), "max_containers", "from 1 to 10,000");
        Files.writeString(dir.resolve(WorkflowLoader.FUNCTION_INFO), "functions: [{name: a, image: 'my image'}]\n");
        e = assertThrows(WorkflowException.class, () -> WorkflowLoader.load(dir.resolve("flat_workflow.yaml")));
        assertMentions(e.problems().get(0), "function 'a', field 'image'", "'my image' is not valid");
    }
}
