package dev.faasflow.functions;

/** One answer of the function server: a status, a body and its content type (JSON unless said otherwise). */
record HttpResponse(int status, byte[] body, String contentType) {
    static final String JSON = "application/json";

    HttpResponse(int status, byte[] body) {
        this(status, body, JSON);
    }
}
