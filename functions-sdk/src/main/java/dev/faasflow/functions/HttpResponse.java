package dev.faasflow.functions;

/** One answer of the function server: a status and a JSON body. */
record HttpResponse(int status, byte[] body) {
}
