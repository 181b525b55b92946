package dev.faasflow.embedded;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile HTTP requests to the gateway: wrong methods, mangled paths and queries, broken,
 * oversized, lying and missing headers, and bodies that are never a valid invocation (the body mutations of the
 * strict input reader are {@code HostileInputFuzzTest}'s; here they only make sure nothing is accepted). Every
 * request must be refused: none of them may start an invocation.
 */
final class HostileRequests {
    /**
     * One request: what kind, what was done to it, its bytes; {@code mayClose}: the HTTP decoder fails in the middle
     * of its body, and Vert.x then closes the connection without an answer (the request was already dispatched).
     */
    record Hostile(String kind, String what, byte[] bytes, boolean head, boolean mayClose) {
        Hostile(String kind, String what, byte[] bytes, boolean head) {
            this(kind, what, bytes, head, false);
        }

        @Override
        public String toString() {
            return kind + ": " + what;
        }
    }

    /** The Authorization header value every generated request carries, or null for none. */
    static volatile String authorization;
    static final String WORKFLOW_PATH = "/v1/namespaces/default/workflows/video/invocations";
    static final String VALID_BODY = "{\"input\": {\"video_name\": \"sample.mp4\", \"user_name\": \"demo\", \"segment_time\": 10,"
            + " \"target_type\": \"avi\", \"split\": false}, \"timeScale\": 0.001}";
    private static final List<String> METHODS = List.of("PUT", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "BREW", "get",
            "post", "DELETE", "GET", "HEAD");
    private static final List<String> JUNK_SEGMENTS = List.of("%zz", "%", "%00", "%2F", "..", "%2e%2e", "", "%E2%98%83",
            "%C0%AF", "default%20", "a;b", "<script>", "%FF%FE", "video%00.yaml");
    private static final List<String> TARGETS = List.of("/", "/v2", "/v1", "/v1/", "/v1/namespaces", "//", "*",
            "/openapi/x", "/openapi/../v1/namespaces/default/workflows/video/invocations", "/v1/namespaces/default/workflows",
            WORKFLOW_PATH + "/", WORKFLOW_PATH + "?wait=%zz", WORKFLOW_PATH + "?wait=true&wait=false&&==",
            "/v1/namespaces/default/invocations", "/v1/namespaces/default/invocations/", "/v1/namespaces//invocations/x",
            "http://elsewhere.example" + WORKFLOW_PATH, "/v1/namespaces/default/workflows/video/invocations/extra");

    private HostileRequests() {
    }

    static Hostile generate(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> method(r);
            case 1 -> path(r);
            case 2 -> header(r);
            case 3 -> size(r);
            default -> body(r);
        };
    }

    /** A known path with a method it does not take, or a known method written wrong. */
    private static Hostile method(Random r) {
        String method = pick(r, METHODS);
        String target = pick(r, List.of(WORKFLOW_PATH, "/v1/namespaces/default/invocations/inv-" + r.nextInt(1000), "/openapi"));
        if (target.equals("/openapi") && (method.equals("GET") || method.equals("HEAD"))) {
            method = "PUT";
        }
        if (target.startsWith("/v1/namespaces/default/invocations/") && method.equals("GET")) {
            method = "POST";
        }
        return new Hostile("method", method + " " + target, request(method, target, List.of(), broken(r)), method.equals("HEAD"));
    }

    /** Mangled paths and queries: unknown, badly encoded, absurdly long, outside the gateway. */
    private static Hostile path(Random r) {
        String target;
        int choice = r.nextInt(4);
        if (choice == 0) {
            target = pick(r, TARGETS);
        } else if (choice == 1) {
            String[] segments = WORKFLOW_PATH.substring(1).split("/");
            segments[1 + r.nextInt(segments.length - 1)] = pick(r, JUNK_SEGMENTS);
            target = "/" + String.join("/", segments);
        } else if (choice == 2) {
            target = "/v1/namespaces/default/invocations/" + pick(r, JUNK_SEGMENTS) + ascii(r, r.nextInt(20));
        } else {
            target = WORKFLOW_PATH.replace("video", "v".repeat(1 + r.nextInt(10_000)));
        }
        String method = pick(r, List.of("GET", "POST", "DELETE"));
        return new Hostile("path", method + " " + shorten(target), request(method, target, List.of(), broken(r)), false);
    }

    /** One header broken: oversized, too many, malformed, lying about the body or its encoding. */
    private static Hostile header(Random r) {
        byte[] body = broken(r);
        List<String> headers = new ArrayList<>();
        boolean ownLength = false;
        boolean mayClose = false;
        String what;
        switch (r.nextInt(14)) {
            case 0 -> { what = "a 9 KB header value"; headers.add("X-Big: " + "x".repeat(9_000)); }
            case 1 -> { what = "300 headers"; for (int i = 0; i < 300; i++) { headers.add("X-H" + i + ": v"); } }
            case 2 -> { what = "a line without a colon"; headers.add("Garbage"); }
            case 3 -> { what = "a name with a space"; headers.add("Bad Name: x"); }
            case 4 -> { what = "a NUL in a value"; headers.add("X-Nul: a\u0000b"); }
            case 5 -> { what = "bytes 0xFF in a value"; headers.add("X-Bytes: \u00ff\u00fe"); }
            case 6 -> { what = "Content-Length -1"; headers.add("Content-Length: -1"); ownLength = true; }
            case 7 -> { what = "Content-Length abc"; headers.add("Content-Length: abc"); ownLength = true; }
            case 8 -> {
                what = "two different Content-Lengths";
                headers.add("Content-Length: " + body.length);
                headers.add("Content-Length: " + (body.length + 3));
                ownLength = true;
            }
            case 9 -> { what = "Content-Type text/plain"; headers.add("Content-Type: text/plain"); }
            case 10 -> { what = "Content-Encoding gzip (it is not)"; headers.add("Content-Encoding: gzip"); }
            case 11 -> { what = "Expect: 100-continue"; headers.add("Expect: 100-continue"); }
            case 12 -> {
                what = "a chunk size that is not hex";
                headers.add("Transfer-Encoding: chunked");
                body = ("zz\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                ownLength = true;
                mayClose = true;
            }
            default -> { what = "Content-Length 999999999"; headers.add("Content-Length: 999999999"); ownLength = true; }
        }
        return new Hostile("header", what, request("POST", WORKFLOW_PATH, headers, body, ownLength), false, mayClose);
    }

    /** Bodies of hostile sizes: empty, random bytes, above the 16 MiB limit, shorter than they claim. */
    private static Hostile size(Random r) {
        int choice = r.nextInt(20);
        if (choice == 0) {
            byte[] body = new byte[16 * 1024 * 1024 + 1];
            java.util.Arrays.fill(body, (byte) '[');
            return new Hostile("size", "16 MiB + 1 byte", request("POST", WORKFLOW_PATH, List.of(), body), false);
        }
        if (choice == 1) {
            // Claims 100 bytes more than it sends: waits for them until the body-read timeout.
            byte[] body = broken(r);
            return new Hostile("size", "a body shorter than its Content-Length", request("POST", WORKFLOW_PATH,
                    List.of("Content-Length: " + (body.length + 100)), body, true), false);
        }
        int length = pick(r, List.of(0, 1, 2, 100, 10_000, 1_000_000));
        byte[] body = new byte[length];
        r.nextBytes(body);
        if (length > 0 && body[0] == '{') {
            body[0] = '!';
        }
        return new Hostile("size", length + " random bytes", request("POST", WORKFLOW_PATH, List.of(), body), false);
    }

    /** A valid body broken for sure: cut short, a control byte inserted, nested without end. */
    private static Hostile body(Random r) {
        byte[] body = broken(r);
        return new Hostile("body", shorten(new String(body, StandardCharsets.ISO_8859_1)),
                request("POST", WORKFLOW_PATH, List.of("Content-Type: application/json"), body), false);
    }

    /** A body that is never a valid invocation request. */
    static byte[] broken(Random r) {
        byte[] valid = VALID_BODY.getBytes(StandardCharsets.UTF_8);
        return switch (r.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(valid, r.nextInt(valid.length - 1));
            case 1 -> {
                int at = r.nextInt(valid.length);
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(valid, 0, at);
                int control = 1 + r.nextInt(0x1f);
                // Tab, line feed and carriage return are JSON whitespace between tokens: the body could stay valid.
                b.write(control == '\t' || control == '\n' || control == '\r' ? 0x01 : control);
                b.write(valid, at, valid.length - at);
                yield b.toByteArray();
            }
            case 2 -> ("{\"input\": " + "[".repeat(1 + r.nextInt(100_000))).getBytes(StandardCharsets.US_ASCII);
            default -> ("{\"input\": {}, \"timeScale\": " + pick(r, List.of("-1", "0", "\"fast\"", "1e999", "null", "[]"))
                    + "}").getBytes(StandardCharsets.US_ASCII);
        };
    }

    private static byte[] request(String method, String target, List<String> headers, byte[] body) {
        return request(method, target, headers, body, false);
    }

    private static byte[] request(String method, String target, List<String> headers, byte[] body, boolean ownLength) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (!ownLength) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static String ascii(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + r.nextInt(26)));
        }
        return s.toString();
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "... (" + s.length() + " chars)" : s;
    }
}
