package dev.faasflow.functions;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function server's HTTP/1.1 over a raw socket: keep-alive, chunked bodies, {@code Expect: 100-continue},
 * {@code HEAD}, {@code Connection: close}, and what it cannot read answered as JSON before the connection closes.
 */
class HttpWireTest {
    private static FunctionServer server;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        server = new FunctionServer(new FunctionRegistry(), new FunctionServerOptions().maxRequestBytes(1000));
        port = server.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsOnOneConnectionAreAnsweredInTurn() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
            out.flush();
            String first = readResponse(s.getInputStream());
            String second = readResponse(s.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n"), first);
            assertTrue(first.contains("\"status\":\"UP\""), first);
            assertTrue(second.startsWith("HTTP/1.1 404 "), second);
            assertTrue(second.contains("no such endpoint: GET /v1/nope"), second);
        }
    }

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("POST /v1/run HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\n{\"a\r\n2;ext=1\r\n\":\r\n1\r\n1\r\n1\r\n}\r\n0\r\n\r\n"));
            out.flush();
            String answer = readResponse(s.getInputStream());
            // valid JSON, read whole, and refused by the contract (not as unreadable JSON)
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(!answer.contains("not valid JSON"), answer);
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(ascii("POST /v1/run HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", new String(in.readNBytes(25), StandardCharsets.US_ASCII));
            out.write(ascii("{x"));
            out.flush();
            String answer = readResponse(in);
            assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.contains("not valid JSON"), answer);
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndTheConnectionCloses() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(ascii("POST /v1/run HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
            String all = readAll(s.getInputStream());
            assertTrue(all.startsWith("HTTP/1.1 413 "), all);
            assertTrue(all.contains("Connection: close") && all.contains("request body larger than 1000 bytes"), all);
        }
    }

    @Test
    void aMalformedRequestLineIs400AsJson() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(ascii("NONSENSE\r\n\r\n"));
            String all = readAll(s.getInputStream());
            assertTrue(all.startsWith("HTTP/1.1 400 "), all);
            assertTrue(all.contains("{\"error\":\"bad request line: NONSENSE\"}"), all);
        }
    }

    @Test
    void connectionCloseAndHeadAreHonoured() throws Exception {
        try (Socket s = socket()) {
            s.getOutputStream().write(ascii("HEAD /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            String all = readAll(s.getInputStream());
            assertTrue(all.startsWith("HTTP/1.1 405 "), all);
            assertTrue(all.endsWith("\r\n\r\n"), "no body after the headers of a HEAD answer: " + all);
        }
    }

    private static Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** One response: headers, then Content-Length bytes of body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int at = headers.indexOf("Content-Length: ");
        int length = Integer.parseInt(headers.substring(at + 16, headers.indexOf("\r\n", at)));
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
