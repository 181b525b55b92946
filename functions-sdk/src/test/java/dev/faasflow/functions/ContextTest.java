package dev.faasflow.functions;

import dev.faasflow.functions.testing.TestServers;
import dev.faasflow.contract.RunRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a function sees through its context, against the agent's real store endpoint. */
class ContextTest {

    @Test
    void fetchListReadsEveryInstanceInOrderAndForeachOutputsAreKeyedByInstance() {
        String inv = TestEnv.invocation();
        for (int i = 0; i < 4; i++) {
            TestEnv.store(inv, "piece#" + i, "p" + i);
        }
        RunRequest request = TestEnv.request("concat", inv, List.of(new RunRequest.Input("parts", "piece", "pass", 2, 4)),
                List.of(new RunRequest.Output("joined", "pass", 12, null)));
        TestServers.Reply reply = TestEnv.run(request);
        assertEquals(200, reply.status(), reply.body().toString());
        assertEquals(4, reply.body().get("gets").asLong());
        assertEquals("p0|p1|p2|p3|", new String(TestEnv.stored(inv, "joined"), StandardCharsets.UTF_8));

        assertEquals(200, TestEnv.run(request.withInstance(1, 3, null)).status());
        assertEquals("p0|p1|p2|p3|", new String(TestEnv.stored(inv, "joined#1"), StandardCharsets.UTF_8));
    }
}
