package dev.faasflow.processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One inline Redis command with a one-line answer ({@code PING}, {@code DBSIZE}) over a fresh connection: how the
 * launcher sees whether the storage node's Redis is up and how many keys it holds, without a client library's
 * threads and pools.
 */
final class Resp {
    private Resp() {
    }

    /** The answer's line without its type byte ({@code PONG}, {@code 42}); an error answer is an IOException. */
    static String command(String host, int port, String command, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\n'; ) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.isEmpty()) {
                throw new IOException("no answer to " + command + " from " + host + ":" + port);
            }
            if (line.charAt(0) == '-') {
                throw new IOException(command + " failed: " + line.substring(1));
            }
            if (line.charAt(0) == '$') {
                // A bulk string: its length, then that many bytes (-1: none).
                int length = Integer.parseInt(line.substring(1));
                return length < 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return line.substring(1);
        }
    }

    static boolean answersPing(String host, int port) {
        try {
            return "PONG".equals(command(host, port, "PING", 500));
        } catch (IOException e) {
            return false;
        }
    }
}
