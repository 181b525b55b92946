package dev.faasflow.functions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests off one connection (request line, headers, a body by {@code Content-Length} or chunked),
 * buffered, with the two slow-client limits: the next request must start within the idle timeout, and once it has
 * started its headers and body must all arrive within the request timeout. A request that breaks the protocol is a
 * {@link Malformed} carrying the status to answer before the connection is closed.
 */
final class RequestReader {
    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The request cannot be read: answer {@code status} with the message, then close the connection. */
    static final class Malformed extends IOException {
        final int status;

        Malformed(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final long maxBodyBytes;
    private final int idleMillis;
    private final long requestNanos;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private long deadline;
    /** Whether the last request read leaves the connection open for another (keep-alive). */
    private boolean keepAlive;

    RequestReader(Socket socket, long maxBodyBytes, int idleMillis, int requestMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.maxBodyBytes = maxBodyBytes;
        this.idleMillis = idleMillis;
        this.requestNanos = requestMillis * 1_000_000L;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * The next request, or null when the peer closed the connection (or stayed idle past the idle timeout) before
     * starting one.
     *
     * @throws SocketTimeoutException the request did not fully arrive within the request timeout
     * @throws Malformed              the request breaks the protocol or the limits
     */
    HttpRequest next(OutputStream out) throws IOException {
        keepAlive = false;
        if (pos == limit) {
            socket.setSoTimeout(idleMillis);
            try {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return null;
                }
                pos = 0;
                limit = n;
            } catch (SocketTimeoutException idle) {
                return null;
            }
        }
        deadline = System.nanoTime() + requestNanos;
        String line = line(MAX_REQUEST_LINE, 414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        while (line.isEmpty()) { // stray line breaks between requests are allowed
            line = line(MAX_REQUEST_LINE, 414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new Malformed(400, "bad request line: " + Limits.shorten(line));
        }
        String method = parts[0];
        boolean http10 = parts[2].equals("HTTP/1.0");
        Map<String, String> headers = headers();
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        byte[] body = body(headers, out);
        return new HttpRequest(method, path(parts[1]), headers, body);
    }

    private static String path(String target) {
        String t = target;
        if (t.startsWith("http://") || t.startsWith("https://")) { // absolute form: drop scheme and authority
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        int total = 0;
        while (true) {
            String line = line(MAX_HEADER_BYTES, 431, "request headers larger than " + MAX_HEADER_BYTES + " bytes");
            if (line.isEmpty()) {
                return headers;
            }
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new Malformed(431, "request headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(0)) || Character.isWhitespace(line.charAt(colon - 1))) {
                throw new Malformed(400, "bad header line: " + Limits.shorten(line));
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String before = headers.putIfAbsent(name, value);
            if (before != null && name.equals("content-length") && !before.equals(value)) {
                throw new Malformed(400, "conflicting Content-Length headers");
            }
        }
    }

    private byte[] body(Map<String, String> headers, OutputStream out) throws IOException {
        String encoding = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        boolean chunked = encoding != null;
        if (chunked && !encoding.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
            throw new Malformed(400, "unsupported Transfer-Encoding: " + Limits.shorten(encoding));
        }
        long declared = 0;
        if (!chunked && length != null) {
            try {
                declared = Long.parseLong(length);
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                throw new Malformed(400, "bad Content-Length: " + Limits.shorten(length));
            }
            if (declared > maxBodyBytes) {
                throw new Malformed(413, "request body larger than " + maxBodyBytes + " bytes");
            }
        }
        if ("100-continue".equalsIgnoreCase(headers.get("expect")) && (chunked || declared > 0)) {
            out.write(CONTINUE);
            out.flush();
        }
        if (chunked) {
            return chunkedBody();
        }
        byte[] body = new byte[(int) declared];
        read(body, body.length);
        return body;
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(1024, 400, "chunk size line too long");
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new Malformed(400, "bad chunk size: " + Limits.shorten(sizeLine));
            }
            if (size == 0) {
                while (!line(MAX_HEADER_BYTES, 431, "trailers too large").isEmpty()) {
                    // trailers are read and ignored
                }
                return body.toByteArray();
            }
            if (body.size() + size > maxBodyBytes) {
                throw new Malformed(413, "request body larger than " + maxBodyBytes + " bytes");
            }
            byte[] chunk = new byte[(int) size];
            read(chunk, chunk.length);
            body.write(chunk);
            if (!line(2, 400, "chunk not followed by a line break").isEmpty()) {
                throw new Malformed(400, "chunk not followed by a line break");
            }
        }
    }

    /** A line without its CRLF (a bare LF is accepted too), as ISO-8859-1. */
    private String line(int max, int status, String tooLong) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (pos == limit) {
                fill();
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw new Malformed(status, tooLong);
            }
            line.append((char) (b & 0xff));
        }
    }

    private void read(byte[] into, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (pos == limit) {
                fill();
            }
            int k = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, into, done, k);
            pos += k;
            done += k;
        }
    }

    /** More bytes of the current request, within what is left of its timeout. */
    private void fill() throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
            throw new SocketTimeoutException("request not received in time");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            throw new java.io.EOFException("the peer closed the connection mid-request");
        }
        pos = 0;
        limit = n;
    }

    /** Short excerpts of what the peer sent, for error messages. */
    private static final class Limits {
        static String shorten(String s) {
            return s.length() > 80 ? s.substring(0, 80) + "…" : s;
        }
    }
}
