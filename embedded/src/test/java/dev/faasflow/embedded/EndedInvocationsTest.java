package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.agent.SlotStats;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import dev.faasflow.workflow.WorkflowParser;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's pool side, end to end: a function that hangs past its invocation's end no longer keeps its pool
 * slot, no instance is started for an invocation that is over, and the next invocation of the same function
 * runs at once; the hung instance is recycled when it returns, and node memory is back to zero.
 */
class EndedInvocationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();
    /** "invocation/function" of every run that started. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    private FunctionRegistry registry() {
        FunctionRegistry r = dev.faasflow.functions.benchmarks.BenchmarkFunctions.registry();
        r.register("stuck", ctx -> {
            started.add(ctx.invocation() + "/" + ctx.request().function());
            if (ctx.input().path("stuck").asBoolean()) {
                hanging.incrementAndGet();
                release.await(60, TimeUnit.SECONDS);
                hanging.decrementAndGet();
                return; // returns late and writes nothing
            }
            ctx.putJson(ctx.request().outputs().get(0).name(), "done");
        });
        return r;
    }

    /** A control call to an agent, with the cluster key it needs. */
    private static com.fasterxml.jackson.databind.JsonNode get(String url, String clusterKey) {
        try {
            return JSON.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).header("Authorization", "Bearer " + clusterKey).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long until = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aHungFunctionPastItsInvocationsEndStarvesNoLaterInvocationAndLeavesNothing() throws Exception {
        // One node of 3 slots: one instance of scale 3 at a time, so the second start function must queue.
        try (EmbeddedCluster cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(1).withSlots(3), this::registry)) {
            Object tree = WorkflowLoader.parseDocument("hung.yaml", """
                    global_input:
                      stuck: {type: normal, size: 8}
                    functions:
                    - name: hold
                      source: stuck
                      runtime: 0
                      output: {a: {type: normal, size: 8}}
                    - name: other
                      source: stuck
                      runtime: 0
                      output: {b: {type: normal, size: 8}}
                    """);
            Workflow wf = WorkflowParser.parse("hung.yaml", "hung", tree, Map.of(), 1);
            cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);

            // Both start functions hang when told to: whichever gets the slot first hangs, the other queues.
            InvocationResult over = cluster.invoke("hung", JSON.readTree("{\"stuck\": true}"),
                    InvokeOptions.defaults().withTimeoutMillis(3_000)).result().get(30, TimeUnit.SECONDS);
            assertEquals(InvocationPhase.TIMED_OUT, over.phase(), over.message());
            assertEquals(1, hanging.get(), "its function still hangs");
            assertEquals(1, started.stream().filter(s -> s.startsWith(over.id() + "/")).count(),
                    "its queued function never started: " + started);
            SlotStats afterEnd = cluster.slotStats().get(0);
            assertEquals(0, afterEnd.used(), "the hung instance holds no slot");
            assertEquals(0, afterEnd.waiting());
            assertEquals(1, afterEnd.dropped());
            assertEquals(1, afterEnd.abandoned());

            // Same functions, a warm-pool cap of one, the hung instance still out: the next invocation runs at once.
            InvocationResult next = cluster.invoke("hung", JSON.readTree("{\"stuck\": false}"),
                    InvokeOptions.defaults().withTimeoutMillis(20_000)).result().get(30, TimeUnit.SECONDS);
            assertEquals(InvocationPhase.SUCCEEDED, next.phase(), next.message());
            assertTrue(started.containsAll(Set.of(next.id() + "/hold", next.id() + "/other")));
            String hung = started.stream().filter(s -> s.startsWith(over.id() + "/")).findFirst().orElseThrow()
                    .substring(over.id().length() + 1);
            assertTrue(next.functions().stream().anyMatch(f -> f.function().equals(hung) && f.coldStart()),
                    "a new instance replaced the hung one");

            release.countDown();
            waitFor("the hung run to return", () -> hanging.get() == 0);
            cluster.coordinator().delete(over.id()).get(30, TimeUnit.SECONDS);
            cluster.coordinator().delete(next.id()).get(30, TimeUnit.SECONDS);
            String status = cluster.agents().get(0).url() + "/v1/status";
            String key = cluster.clusterKey().secret();
            waitFor("its instance to be recycled", () -> {
                com.fasterxml.jackson.databind.JsonNode pool = get(status, key).path("pools").path("hung/" + hung);
                return pool.path("abandoned").asInt(-1) == 0 && pool.path("busy").asInt(-1) == 0;
            });
            assertEquals(1, get(status, key).path("pools").path("hung/" + hung).path("instances").asInt(),
                    "back in its pool, which holds no more than its cap");
            assertEquals(3, cluster.slotStats().get(0).granted(), "three runs ever got slots: no more for the ended one");
            assertEquals(0, cluster.statesLeft());
            SlotStats end = cluster.slotStats().get(0);
            assertEquals(0, end.used());
            assertEquals(0, end.waiting());
            assertEquals(0, cluster.localBytesLeft(), "node memory is back to zero");
            assertEquals(0, ((InProcessRemoteTier) cluster.remote()).valueCount(), "nothing left in the remote tier");
        }
    }
}
