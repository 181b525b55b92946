package dev.faasflow.agent;

import static dev.faasflow.agent.testing.AgentFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.agent.protocol.Trigger;
import dev.faasflow.agent.testing.AgentFixture;
import dev.faasflow.agent.testing.TestWorkflows;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** An agent's /metrics counts what it ran, per workflow, in Prometheus' text format. */
class AgentMetricsTest {
    @Test
    void metricsCountTheAttemptsOfAWorkflowAndTheNodesSlots() throws Exception {
        try (AgentFixture node = AgentFixture.start(AgentConfig.embedded("node-0"))) {
            Workflow wf = node.deploy("fan", TestWorkflows.FOREACH, 10);
            String id = "inv-metrics-1";
            InvocationContext ctx = new InvocationContext(id, wf.name(), node.coordinator().url(), 1,
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("{\"width\": 3}"),
                    System.currentTimeMillis() + 30_000);
            await(node.client().trigger(node.agent().url(), new Trigger(ctx, "split", null, false, Map.of())));
            node.coordinator().await(id, 1, 20_000);
            HttpResponse<Buffer> r = await(WebClient.create(node.vertx()).getAbs(node.agent().url() + "/metrics").send());
            assertEquals(200, r.statusCode());
            String text = r.bodyAsString();
            // split, three instances of each, join: five attempts, all succeeded.
            assertEquals(5.0, value(text, "faasflow_function_duration_seconds_count\\{node=\"node-0\",outcome=\"succeeded\","
                    + "workflow=\"fan\",\\}"), text);
            assertTrue(text.contains("faasflow_function_duration_seconds_bucket{node=\"node-0\",outcome=\"succeeded\""),
                    "a histogram, for percentiles across agents");
            assertEquals(120.0, value(text, "faasflow_agent_slots\\{node=\"node-0\",\\}"), text);
            assertTrue(value(text, "faasflow_agent_function_executions\\{node=\"node-0\",\\}") >= 5, text);
            assertTrue(text.contains("faasflow_function_cold_starts_total{node=\"node-0\",workflow=\"fan\",}"), text);
            // The node's FaaStore: the outputs went to node memory (one node), counted by tier; the quota in use.
            double memory = value(text, "faasflow_store_bytes_written_total\\{node=\"node-0\",tier=\"MEM\",\\}");
            assertTrue(memory > 0, text);
            assertEquals(node.agent().store().stats().local().bytesIn(), memory, 0.5);
            assertTrue(value(text, "faasflow_store_quota_bytes\\{node=\"node-0\",workflow=\"fan\",\\}") > 0, text);
            assertTrue(value(text, "faasflow_store_quota_used_bytes\\{node=\"node-0\",workflow=\"fan\",\\}") > 0,
                    "held until the invocation is cleaned up");
            assertEquals(0.0, value(text, "faasflow_store_spills_total\\{node=\"node-0\",reason=\"quota\",\\}"), text);
            assertTrue(value(text, "faasflow_store_node_memory_capacity_bytes\\{node=\"node-0\",\\}") > 0, text);
            await(node.client().cleanup(node.agent().url(), id));
        }
    }

    @Test
    void warmSameNodeTriggersAreTimedPerWorkflow() throws Exception {
        try (AgentFixture node = AgentFixture.start(AgentConfig.embedded("node-0"))) {
            Workflow wf = node.deploy("chain", TestWorkflows.chain("0", ""), 10);
            // The first run starts the instances (cold: not a trigger the paper times); the second finds them warm.
            for (String id : List.of("inv-chain-1", "inv-chain-2")) {
                InvocationContext ctx = new InvocationContext(id, wf.name(), node.coordinator().url(), 1,
                        Json.MAPPER.createObjectNode(), System.currentTimeMillis() + 30_000);
                await(node.client().trigger(node.agent().url(), new Trigger(ctx, "a", null, false, Map.of())));
                node.coordinator().await(id, 1, 20_000);
                await(node.client().cleanup(node.agent().url(), id));
            }
            String text = await(WebClient.create(node.vertx()).getAbs(node.agent().url() + "/metrics").send()).bodyAsString();
            assertTrue(value(text, "faasflow_trigger_latency_seconds_count\\{node=\"node-0\",workflow=\"chain\",\\}") >= 1,
                    text);
            assertTrue(text.contains("faasflow_trigger_latency_seconds_bucket{node=\"node-0\",workflow=\"chain\",le="),
                    "a histogram");
        }
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(text);
        assertTrue(m.find(), series + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }
}
