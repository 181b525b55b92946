package dev.faasflow.functions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server with keep-alive and one thread per connection, blocking I/O: the thread that waits on a
 * connection reads the request, runs the handler and writes the answer (headers and body in one write, TCP_NODELAY),
 * so a call costs one wake-up on each side and no hand-off between threads. (The JDK's {@code com.sun.net.httpserver}
 * passes every request from its selector thread to a worker and the connection back again: two more wake-ups per
 * call, which tripled the agent → function latency.) Callers keep few connections each (an agent: at most its pool),
 * so a thread per connection is cheap; idle ones are closed after the idle timeout.
 */
final class BlockingHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingHttpServer.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Function<HttpRequest, HttpResponse> handler;
    private final BiFunction<Integer, String, byte[]> errorBody;
    private final long maxBodyBytes;
    private final int idleMillis;
    private final int requestMillis;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean closing;
    private ServerSocket listener;
    private ExecutorService threads;
    private volatile long dateSecond = -1;
    private volatile String date = "";

    /**
     * @param errorBody     the body of an answer the server gives itself (a request it cannot read), from status and message
     * @param idleMillis    how long a connection may wait for its next request
     * @param requestMillis how long a request's headers and body may take to arrive once it has started
     */
    BlockingHttpServer(Function<HttpRequest, HttpResponse> handler, BiFunction<Integer, String, byte[]> errorBody,
                       long maxBodyBytes, int idleMillis, int requestMillis) {
        this.handler = handler;
        this.errorBody = errorBody;
        this.maxBodyBytes = maxBodyBytes;
        this.idleMillis = idleMillis;
        this.requestMillis = requestMillis;
    }

    /** Listens on {@code host:port} (0: an ephemeral port); returns the bound port. */
    int start(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 1024);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        listener = s;
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faasflow-function-http-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Not a daemon: a server started by a main method keeps its JVM alive until it is closed.
        Thread acceptor = new Thread(this::accept, "faasflow-function-http-accept");
        acceptor.start();
        return s.getLocalPort();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Stops listening and closes every connection (a request being handled loses its answer). */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.forEach(BlockingHttpServer::closeQuietly);
        threads.shutdown();
    }

    private void accept() {
        while (!closing) {
            Socket c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                LOG.warn("function server cannot accept a connection: {}", e.toString());
                pause(); // out of file descriptors, say: do not spin
                continue;
            }
            try {
                c.setTcpNoDelay(true);
                connections.add(c);
                threads.execute(() -> serve(c));
            } catch (IOException | RejectedExecutionException e) {
                connections.remove(c);
                closeQuietly(c);
            }
        }
    }

    private void serve(Socket c) {
        try (c) {
            if (closing) {
                return;
            }
            RequestReader reader = new RequestReader(c, maxBodyBytes, idleMillis, requestMillis);
            OutputStream out = c.getOutputStream();
            while (!closing) {
                HttpRequest request;
                try {
                    request = reader.next(out);
                } catch (RequestReader.Malformed m) {
                    write(out, m.status, errorBody.apply(m.status, m.getMessage()), HttpResponse.JSON, false, false);
                    return;
                }
                if (request == null) {
                    return; // closed by the peer, or idle too long
                }
                HttpResponse response = handle(request);
                boolean keepAlive = reader.keepAlive() && !closing;
                write(out, response.status(), response.body(), response.contentType(), keepAlive,
                        request.method().equals("HEAD"));
                if (!keepAlive) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            LOG.debug("function server: a request did not arrive in time, connection closed");
        } catch (IOException e) {
            // The caller went away or sent garbage: there is no one to answer.
            LOG.debug("function server: connection ended: {}", e.toString());
        } finally {
            connections.remove(c);
        }
    }

    private HttpResponse handle(HttpRequest request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            // A bug in the handler: the trace says where; the caller gets a JSON 500, never a stack trace.
            LOG.error("unexpected failure serving {} {}", request.method(), request.rawPath(), e);
            return new HttpResponse(500, errorBody.apply(500, "internal error: " + e));
        }
    }

    private void write(OutputStream out, int status, byte[] body, String contentType, boolean keepAlive, boolean head)
            throws IOException {
        String headers = "HTTP/1.1 " + status + reason(status) + "\r\nDate: " + date()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + (keepAlive ? "" : "\r\nConnection: close") + "\r\n\r\n";
        byte[] head0 = headers.getBytes(StandardCharsets.US_ASCII);
        int bodyBytes = head ? 0 : body.length;
        byte[] all = new byte[head0.length + bodyBytes];
        System.arraycopy(head0, 0, all, 0, head0.length);
        System.arraycopy(body, 0, all, head0.length, bodyBytes);
        out.write(all); // one write: one segment for a small answer
        out.flush();
    }

    /** The Date header, formatted once a second. */
    private String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            date = HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
            dateSecond = second;
        }
        return date;
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> " Continue";
            case 200 -> " OK";
            case 400 -> " Bad Request";
            case 404 -> " Not Found";
            case 405 -> " Method Not Allowed";
            case 413 -> " Payload Too Large";
            case 414 -> " URI Too Long";
            case 431 -> " Request Header Fields Too Large";
            case 500 -> " Internal Server Error";
            case 503 -> " Service Unavailable";
            default -> " Status";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
