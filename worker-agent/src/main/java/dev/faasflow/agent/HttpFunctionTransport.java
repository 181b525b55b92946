package dev.faasflow.agent;

import dev.faasflow.agent.FunctionTransport.FunctionCallException.Kind;
import dev.faasflow.contract.ContractJson;
import dev.faasflow.contract.RunError;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.contract.RunResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.concurrent.TimeoutException;

/** The contract over HTTP: {@code POST <base>/v1/run}. */
public final class HttpFunctionTransport implements FunctionTransport {
    private final WebClient client;

    public HttpFunctionTransport(WebClient client) {
        this.client = client;
    }

    @Override
    public Future<RunResponse> run(String baseUrl, RunRequest request, long timeoutMillis) {
        String url = baseUrl + "/v1/run";
        return client.postAbs(url).timeout(timeoutMillis).putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(ContractJson.write(request)))
                .recover(err -> Future.failedFuture(err instanceof TimeoutException
                        || String.valueOf(err.getMessage()).contains("timeout")
                        ? new FunctionCallException(Kind.TIMED_OUT, 0, "timed out after " + timeoutMillis + " ms")
                        : new FunctionCallException(Kind.UNREACHABLE, 0, "could not be reached at " + url + ": "
                        + err.getMessage())))
                .compose(HttpFunctionTransport::result);
    }

    private static Future<RunResponse> result(HttpResponse<Buffer> response) {
        if (response.statusCode() / 100 != 2) {
            return Future.failedFuture(new FunctionCallException(Kind.FAILED, response.statusCode(), errorOf(response)));
        }
        try {
            return Future.succeededFuture(ContractJson.read(response.body().getBytes(), RunResponse.class));
        } catch (Exception e) {
            return Future.failedFuture(new FunctionCallException(Kind.FAILED, response.statusCode(),
                    "answered something that is not a run result: " + e.getMessage()));
        }
    }

    private static String errorOf(HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        if (body == null || body.isBlank()) {
            return "no message";
        }
        try {
            RunError error = ContractJson.read(response.body().getBytes(), RunError.class);
            if (error.error() != null) {
                return error.error();
            }
        } catch (Exception ignored) {
            // not the contract's error body: show the text itself
        }
        return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }
}
