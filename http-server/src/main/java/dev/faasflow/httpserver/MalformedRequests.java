package dev.faasflow.httpserver;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP decoder could not read (a request line or headers too long, a malformed line) are answered
 * with the project's JSON error body instead of an empty one, then the connection is closed.
 */
public final class MalformedRequests {
    private MalformedRequests() {
    }

    public static void answerInJson(HttpServer server) {
        server.invalidRequestHandler(MalformedRequests::answer);
    }

    private static void answer(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status;
        String error;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            error = "request line too long: " + shorten(String.valueOf(cause.getMessage()));
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            error = "request headers too large: " + shorten(String.valueOf(cause.getMessage()));
        } else {
            status = 400;
            error = "malformed HTTP request" + (cause == null || cause.getMessage() == null ? ""
                    : ": " + shorten(cause.getMessage()));
        }
        request.response().setStatusCode(status).putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(new JsonObject().put("error", error).encode());
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
