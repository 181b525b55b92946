package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.FunctionTransport;
import dev.faasflow.agent.FunctionTransport.FunctionCallException.Kind;
import dev.faasflow.functions.BadRequestException;
import dev.faasflow.functions.FunctionRuntime;
import dev.faasflow.functions.RunFailure;
import dev.faasflow.functions.RunRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Run requests handed straight to a function runtime in this JVM: the same request and result as the
 * HTTP contract, without the loopback round trip. For measuring the control plane alone (the engine's
 * schedule overhead) when the per-call HTTP cost, common to every control mode, would hide it.
 */
final class InProcessFunctionTransport implements FunctionTransport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, FunctionRuntime> runtimes = new ConcurrentHashMap<>();

    void register(String baseUrl, FunctionRuntime runtime) {
        runtimes.put(baseUrl, runtime);
    }

    @Override
    public Future<JsonNode> run(String baseUrl, ObjectNode request, long timeoutMillis) {
        FunctionRuntime runtime = runtimes.get(baseUrl);
        if (runtime == null) {
            return Future.failedFuture(new FunctionCallException(Kind.UNREACHABLE, 0, "has no runtime at " + baseUrl));
        }
        RunRequest parsed;
        try {
            parsed = RunRequest.parse(request);
        } catch (BadRequestException e) {
            return Future.failedFuture(new FunctionCallException(Kind.FAILED, 400, e.getMessage()));
        }
        Promise<JsonNode> result = Promise.promise();
        runtime.submit(parsed).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((response, err) -> {
            if (err == null) {
                result.complete(JSON.valueToTree(response));
                return;
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof TimeoutException) {
                result.fail(new FunctionCallException(Kind.TIMED_OUT, 0, "timed out after " + timeoutMillis + " ms"));
            } else if (cause instanceof RunFailure failure) {
                result.fail(new FunctionCallException(Kind.FAILED, failure.status(), failure.getMessage()));
            } else {
                result.fail(new FunctionCallException(Kind.FAILED, 500, String.valueOf(cause.getMessage())));
            }
        });
        return result.future();
    }
}
