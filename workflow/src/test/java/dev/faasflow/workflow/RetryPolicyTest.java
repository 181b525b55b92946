package dev.faasflow.workflow;

import dev.faasflow.fixtures.SmallWorkflows;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.faasflow.workflow.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-function {@code retry} and {@code timeout_seconds}, the workflow-wide {@code defaults}, and their validation. */
class RetryPolicyTest {

    private static Workflow parse(String top, String a) throws WorkflowException {
        // top above the functions, a's extra line right after its runtime
        String yaml = top + "\n"
                + SmallWorkflows.TWO.replace("  runtime: 1\n  output:", "  runtime: 1\n  " + a + "\n  output:");
        return WorkflowLoader.parse("wf.yaml", "wf", yaml);
    }

    private static Problem only(String top, String a) {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parse(top, a));
        List<Problem> p = e.problems();
        assertEquals(1, p.size(), p.toString());
        return p.get(0);
    }

    @Test
    void aFunctionsOwnPolicyWinsOverTheWorkflowDefaultWhichCoversTheOthers() throws Exception {
        Workflow wf = parse("defaults: {retry: {limit: 1}, timeout_seconds: 30}",
                "retry: {limit: 3, backoff_seconds: 0.5, max_backoff_seconds: 2}\n  timeout_seconds: 5");
        assertEquals(new RetryPolicy(3, 0.5, 2), wf.retryOf("a"));
        assertEquals(5_000, wf.timeoutMillisOf("a", 60_000));
        assertEquals(new RetryPolicy(1, RetryPolicy.DEFAULT_BACKOFF_SECONDS, RetryPolicy.DEFAULT_MAX_BACKOFF_SECONDS),
                wf.retryOf("b"), "b names none: the workflow's default");
        assertEquals(30_000, wf.timeoutMillisOf("b", 60_000));
    }

    @Test
    void withoutAnyPolicyAFunctionRunsOnceWithTheAgentsTimeout() throws Exception {
        Workflow wf = parse("", "");
        assertEquals(RetryPolicy.NONE, wf.retryOf("a"));
        assertEquals(1, wf.retryOf("a").maxAttempts());
        assertEquals(60_000, wf.timeoutMillisOf("a", 60_000));
        assertNull(wf.function("a").retry());
    }

    @Test
    void camelCaseAsTheWorkflowResourceWritesIt() throws Exception {
        Workflow wf = parse("defaults: {timeoutSeconds: 7}", "retry: {limit: 2, backoffSeconds: 0.1, maxBackoffSeconds: 0.4}");
        assertEquals(new RetryPolicy(2, 0.1, 0.4), wf.retryOf("a"));
        assertEquals(7_000, wf.timeoutMillisOf("b", 1));
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        RetryPolicy p = new RetryPolicy(5, 0.5, 3);
        assertEquals(0, p.backoffMillisBefore(1));
        assertEquals(500, p.backoffMillisBefore(2));
        assertEquals(1_000, p.backoffMillisBefore(3));
        assertEquals(2_000, p.backoffMillisBefore(4));
        assertEquals(3_000, p.backoffMillisBefore(5));
        assertEquals(3_000, p.backoffMillisBefore(60));
    }

    @Test
    void theWriterWritesThemAndReadsThemBack() throws Exception {
        Workflow wf = parse("defaults: {retry: {limit: 1, backoff_seconds: 2}, timeout_seconds: 30}",
                "retry: {limit: 3, backoff_seconds: 0.5, max_backoff_seconds: 2}\n  timeout_seconds: 5");
        Workflow again = WorkflowLoader.parse("again.yaml", "wf", WorkflowWriter.toYaml(wf));
        assertEquals(wf.functions(), again.functions());
        assertEquals(wf.defaultRetry(), again.defaultRetry());
        assertEquals(wf.defaultTimeoutSeconds(), again.defaultTimeoutSeconds());
    }

    @Test
    void aNegativeLimitNamesTheFunctionAndTheField() {
        Problem p = only("", "retry: {limit: -1}");
        assertProblem(p, "a", "retry.limit", "from 0 to 100");
    }

    @Test
    void aNegativeBackoffNamesTheFunctionAndTheField() {
        Problem p = only("", "retry: {limit: 2, backoff_seconds: -0.5}");
        assertEquals("a", p.function());
        assertEquals("retry.backoff_seconds", p.field());
    }

    @Test
    void aFractionalLimitIsRefused() {
        Problem p = only("", "retry: {limit: 1.5}");
        assertEquals("retry.limit", p.field());
        assertTrue(p.message().contains("whole number"), p.message());
    }

    @Test
    void aMaximumBelowTheFirstBackoffIsRefused() {
        Problem p = only("", "retry: {limit: 2, backoff_seconds: 5, max_backoff_seconds: 1}");
        assertEquals("retry.max_backoff_seconds", p.field());
    }

    @Test
    void anUnknownRetryFieldIsRefusedNamingFunctionAndField() {
        Problem p = only("", "retry: {limit: 2, backof: 1}");
        assertEquals("a", p.function());
        assertEquals("retry.backof", p.field());
        assertTrue(p.message().contains("unknown field") && p.message().contains("backoff_seconds"), p.message());
        assertTrue(p.toString().contains("function 'a', field 'retry.backof'"), p.toString());
    }

    @Test
    void aRetryThatIsNotAMappingIsRefused() {
        Problem p = only("", "retry: 3");
        assertEquals("retry", p.field());
        assertTrue(p.message().contains("expected a mapping"), p.message());
    }

    @Test
    void aZeroOrNegativeTimeoutIsRefused() {
        assertEquals("timeout_seconds", only("", "timeout_seconds: 0").field());
        assertEquals("timeout_seconds", only("", "timeout_seconds: -3").field());
        assertEquals("timeout_seconds", only("", "timeout_seconds: soon").field());
    }

    @Test
    void badWorkflowDefaultsAreTopLevelProblems() {
        Problem unknown = only("defaults: {retries: {limit: 1}}", "");
        assertNull(unknown.function());
        assertEquals("defaults.retries", unknown.field());
        Problem negative = only("defaults: {retry: {limit: -2}}", "");
        assertEquals("defaults.retry.limit", negative.field());
        Problem timeout = only("defaults: {timeout_seconds: -1}", "");
        assertEquals("defaults.timeout_seconds", timeout.field());
    }
}
