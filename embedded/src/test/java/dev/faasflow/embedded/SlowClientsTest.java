package dev.faasflow.embedded;

import dev.faasflow.agent.auth.StoreCapabilities;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.fixtures.SlowClient;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Vert.x HTTP server of the embedded engine (gateway, coordinator events endpoint, agent) cuts
 * off slow clients in bounded time: one that trickles its body gets a 408, one that trickles its headers or sends
 * nothing is disconnected. A request that is being answered for longer than both timeouts is not cut.
 */
class SlowClientsTest {
    /** Far above the timeouts set here (1 s body, 2 s idle), far below "indefinitely". */
    private static final long BOUND_MILLIS = 20_000;
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(ServerTimeouts.BODY_READ_PROPERTY, "1");
        System.setProperty(ServerTimeouts.IDLE_PROPERTY, "2");
        try {
            cluster = EmbeddedCluster.start(EmbeddedOptions.defaults(2).withInProcessStore(false));
        } finally {
            // Read when the servers start: later clusters of this JVM get the defaults again.
            System.clearProperty(ServerTimeouts.BODY_READ_PROPERTY);
            System.clearProperty(ServerTimeouts.IDLE_PROPERTY);
        }
        cluster.deploy(Benchmarks.load("wordcount"), GroupingOptions.defaults(), ControlMode.WORKER_SP);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Each server with a path whose request has a body, and the headers it needs to get to reading it. */
    static Stream<Arguments> servers() {
        String key = "Authorization: Bearer " + cluster.clusterKey().secret() + "\r\n";
        return Stream.of(
                Arguments.of("gateway", cluster.gatewayUrl(), "POST /v1/namespaces/default/workflows/wordcount/invocations",
                        "Authorization: Bearer " + cluster.gatewayToken() + "\r\n"),
                Arguments.of("coordinator events", cluster.coordinator().url(), "POST /v1/invocations/i-1/events", key),
                // The function runtime is the SDK's server on the JDK's HTTP server: functions-sdk's SlowClientsTest.
                Arguments.of("agent", cluster.agents().get(0).url(), "PUT /v1/store/i-1/key", "Authorization: Bearer "
                        + StoreCapabilities.of(cluster.clusterKey(), cluster.agents().get(0).node()).tokenFor("i-1")
                        + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aTrickledBodyIsAnswered408AndCutOff(String server, String url, String request, String auth) throws Exception {
        SlowClient.Cut t = trickled(url, request + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "Content-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{", "\"a");
        assertTrue(t.answer().startsWith("HTTP/1.1 408"), server + " answered: " + t.answer());
        assertTrue(t.answer().contains("request body not received within 1 s"), t.answer());
        assertTrue(t.tookMillis() < BOUND_MILLIS, server + " took " + t.tookMillis() + " ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void trickledHeadersAreCutOff(String server, String url, String request, String auth) throws Exception {
        SlowClient.Cut t = trickled(url, request + " HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: yes\r\n");
        assertEquals("", t.answer(), server + " answered a request it never fully received");
        assertTrue(t.tookMillis() < BOUND_MILLIS, server + " took " + t.tookMillis() + " ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anIdleConnectionIsClosed(String server, String url, String request, String auth) throws Exception {
        try (Socket socket = connect(url)) {
            long start = System.nanoTime();
            String answer = SlowClient.readUntilClosed(socket);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("", answer);
            assertTrue(tookMillis < BOUND_MILLIS, server + " took " + tookMillis + " ms");
        }
    }

    @Test
    void aFunctionRunningLongerThanBothTimeoutsIsNotCutOff() throws Exception {
        // count sleeps 0.12 s x 30 = 3.6 s on the runtime's HTTP connection, and the agents' store calls are HTTP.
        InvocationResult r = cluster.invoke("wordcount", new ObjectMapper().createObjectNode(),
                new InvokeOptions(60_000, true, 30)).result().get(60, TimeUnit.SECONDS);
        assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        assertTrue(cluster.coordinator().delete(r.id()).get(10, TimeUnit.SECONDS));
    }

    /** Sends {@code opening}, then trickles {@code drip} every 100 ms until the server closes the connection. */
    private static SlowClient.Cut trickled(String url, String opening, String drip) throws IOException {
        try (Socket socket = connect(url)) {
            return SlowClient.trickleUntilClosed(socket, opening, drip, 100);
        }
    }

    private static Socket connect(String url) throws IOException {
        URI uri = URI.create(url);
        return SlowClient.connect(uri.getHost(), uri.getPort(), BOUND_MILLIS);
    }
}
