package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What every function of the workflow gets unless it says otherwise (the workflow's {@code defaults}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowDefaults {
    @JsonPropertyDescription("the retry policy of functions that name none")
    private RetrySpec retry;
    @Min(value = 0, inclusive = false)
    @Max(86400)
    @JsonPropertyDescription("how long one attempt of a function may take, in seconds (absent: the operator's faasflow.function-timeout-ms)")
    private Double timeoutSeconds;

    public RetrySpec getRetry() {
        return retry;
    }

    public void setRetry(RetrySpec retry) {
        this.retry = retry;
    }

    public Double getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Double timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }
}
