package dev.faasflow.agent;

import dev.faasflow.contract.RunRequest;
import dev.faasflow.contract.RunResponse;
import io.vertx.core.Future;

/**
 * How an agent delivers a run request (docs/FUNCTION_CONTRACT.md) to a function runtime: over HTTP (the
 * contract, what pods use), or in-process when the runtime lives in the agent's own JVM.
 */
public interface FunctionTransport {

    /**
     * @param baseUrl the runtime's base URL, as {@link FunctionEndpoints} gives it
     * @return the run result (the contract's 200 body); fails with {@link FunctionCallException}
     */
    Future<RunResponse> run(String baseUrl, RunRequest request, long timeoutMillis);

    /** A run that did not produce a result. */
    final class FunctionCallException extends RuntimeException {
        public enum Kind { UNREACHABLE, TIMED_OUT, FAILED }

        private final Kind kind;
        private final int status;

        public FunctionCallException(Kind kind, int status, String message) {
            super(message);
            this.kind = kind;
            this.status = status;
        }

        public Kind kind() {
            return kind;
        }

        /** The runtime's HTTP status for {@link Kind#FAILED}. */
        public int status() {
            return status;
        }
    }
}
