package dev.faasflow.functions;

import java.util.Map;

/**
 * One HTTP/1.1 request as the function server read it: the whole body in memory (bounded by the server).
 *
 * @param rawPath the request target's path, still percent-encoded, without the query
 * @param headers header names in lower case, the first value of each
 */
record HttpRequest(String method, String rawPath, Map<String, String> headers, byte[] body) {
    /** The first value of a header ({@code name} in lower case), or null. */
    String header(String name) {
        return headers.get(name);
    }
}
