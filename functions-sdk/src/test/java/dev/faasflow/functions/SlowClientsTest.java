package dev.faasflow.functions;

import dev.faasflow.fixtures.SlowClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function server cuts slow clients: a trickled body or trickled headers lose their connection, and so does an
 * idle one, within the timeouts (set short here; this class runs in a JVM of its own, as the JDK server reads its
 * settings once); a function that runs longer than both is answered.
 */
class SlowClientsTest {
    private static final long BOUND_MILLIS = 15_000;
    private static FunctionServer server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        System.setProperty("sun.net.httpserver.maxReqTime", "1");
        System.setProperty("sun.net.httpserver.idleInterval", "2");
        System.setProperty("sun.net.httpserver.clockTick", "200");
        FunctionRegistry registry = new FunctionRegistry();
        registry.register("slow", ctx -> Thread.sleep(3_500));
        server = new FunctionServer(registry);
        port = server.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTrickledBodyLosesItsConnection() throws Exception {
        assertCutOff("POST /v1/run HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{", "\"a");
    }

    @Test
    void trickledHeadersLoseTheirConnection() throws Exception {
        assertCutOff("POST /v1/run HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: yes\r\n");
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (Socket socket = SlowClient.connect("127.0.0.1", port, BOUND_MILLIS)) {
            long start = System.nanoTime();
            assertEquals("", SlowClient.readUntilClosed(socket));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < BOUND_MILLIS);
        }
    }

    @Test
    void aRunLongerThanBothTimeoutsIsAnswered() throws Exception {
        // Built before connecting: the first use of TestEnv starts an agent, which can take longer than the server
        // waits for a request.
        byte[] bytes = dev.faasflow.contract.ContractJson.write(
                TestEnv.request("slow", TestEnv.invocation(), java.util.List.of(), java.util.List.of()));
        try (Socket socket = SlowClient.connect("127.0.0.1", port, BOUND_MILLIS)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/run HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            String answer = SlowClient.readUntilClosed(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200"), "the run was answered, not cut off: " + answer);
        }
    }

    private static void assertCutOff(String opening, String drip) throws Exception {
        try (Socket socket = SlowClient.connect("127.0.0.1", port, BOUND_MILLIS)) {
            SlowClient.Cut cut = SlowClient.trickleUntilClosed(socket, opening, drip, 300);
            assertEquals("", cut.answer(), "a request never fully received is not answered");
            assertTrue(cut.tookMillis() < BOUND_MILLIS, "took " + cut.tookMillis() + " ms");
        }
    }
}
