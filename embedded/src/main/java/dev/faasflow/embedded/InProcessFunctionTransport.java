package dev.faasflow.embedded;

import dev.faasflow.agent.FunctionTransport;
import dev.faasflow.agent.FunctionTransport.FunctionCallException.Kind;
import dev.faasflow.contract.ContractViolation;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.contract.RunResponse;
import dev.faasflow.functions.FunctionRuntime;
import dev.faasflow.functions.RunFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Run requests handed straight to a function runtime in this JVM: the same request record, validated as the
 * HTTP runtime validates it, and the same result, without the loopback round trip. For measuring the control
 * plane alone (the engine's schedule overhead) when the per-call HTTP cost, common to every control mode,
 * would hide it.
 */
public final class InProcessFunctionTransport implements FunctionTransport {
    private final Map<String, FunctionRuntime> runtimes = new ConcurrentHashMap<>();

    public void register(String baseUrl, FunctionRuntime runtime) {
        runtimes.put(baseUrl, runtime);
    }

    @Override
    public Future<RunResponse> run(String baseUrl, RunRequest request, long timeoutMillis) {
        FunctionRuntime runtime = runtimes.get(baseUrl);
        if (runtime == null) {
            return Future.failedFuture(new FunctionCallException(Kind.UNREACHABLE, 0, "has no runtime at " + baseUrl));
        }
        try {
            request.validate();
        } catch (ContractViolation e) {
            return Future.failedFuture(new FunctionCallException(Kind.FAILED, 400, e.getMessage()));
        }
        Promise<RunResponse> result = Promise.promise();
        runtime.submit(request).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((response, err) -> {
            if (err == null) {
                result.complete(response);
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
