package dev.faasflow.agent;

import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Plan versions on one agent: a re-plan keeps the version in-flight invocations run under. */
class DeploymentRegistryTest {
    private static Deployment deployment(String version, String agentUrl) throws Exception {
        Workflow wf = WorkflowParser.parse("w.yaml", "w", Map.of("functions",
                List.of(Map.of("name", "a", "source", "replay", "runtime", 0))), Map.of(), 4);
        return new Deployment(wf, GroupingPlanner.plan(wf, List.of(new NodeSpec("n", 120)), GroupingOptions.defaults()),
                Map.of("n", agentUrl), version);
    }

    @Test
    void aSupersededVersionStaysWhileInUseAndUntilItsRetentionTime() throws Exception {
        DeploymentRegistry registry = new DeploymentRegistry();
        Deployment v1 = deployment("v1", "http://a:1");
        Deployment v2 = deployment("v2", "http://a:1");
        registry.install(v1, 0);
        registry.install(v2, 5_000);
        assertSame(v2, registry.get("w", null), "no version named: the current one");
        assertSame(v2, registry.current("w"));
        assertSame(v1, registry.get("w", "v1"), "an invocation started under v1 still finds it");
        assertEquals(List.of("v2", "v1"), registry.versions("w"));

        // Before its retention time it stays even when nothing here uses it (an invocation may not have arrived yet).
        assertEquals(0, registry.prune(4_999, d -> false));
        // After it, it stays while an active invocation uses it, and goes when none does.
        assertEquals(0, registry.prune(6_000, d -> d == v1));
        assertEquals(1, registry.prune(6_000, d -> false));
        assertNull(registry.get("w", "v1"));
        assertSame(v2, registry.get("w", "v2"));
    }

    @Test
    void theSameVersionAgainReplacesItInPlace() throws Exception {
        DeploymentRegistry registry = new DeploymentRegistry();
        registry.install(deployment("v1", "http://a:1"), 0);
        Deployment moved = deployment("v1", "http://a:2");
        registry.install(moved, 0);
        assertSame(moved, registry.get("w", "v1"));
        assertEquals(List.of("v1"), registry.versions("w"), "not kept twice");
        registry.install(deployment(null, "http://a:3"), 0);
        assertEquals(List.of("null", "v1"), registry.versions("w"));
        registry.install(deployment(null, "http://a:4"), 0);
        assertEquals(2, registry.versions("w").size(), "an unversioned install replaces an unversioned one");
        assertEquals(true, registry.remove("w"));
        assertNull(registry.current("w"));
    }
}
