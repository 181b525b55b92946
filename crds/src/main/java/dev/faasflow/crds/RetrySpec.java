package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How often a failed function is run again, and the pause between attempts (the workflow's {@code retry}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {
    @Min(0)
    @Max(100)
    @JsonPropertyDescription("retries after the first attempt (0: none); applies to function errors, timeouts and unreachable function pods")
    private Integer limit;
    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("pause before the first retry in seconds (default 1), doubling for each later one")
    private Double backoffSeconds;
    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("longest pause between attempts in seconds (default 60, and never below backoffSeconds)")
    private Double maxBackoffSeconds;

    public RetrySpec() {
    }

    public RetrySpec(Integer limit, Double backoffSeconds, Double maxBackoffSeconds) {
        this.limit = limit;
        this.backoffSeconds = backoffSeconds;
        this.maxBackoffSeconds = maxBackoffSeconds;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }

    public Double getBackoffSeconds() {
        return backoffSeconds;
    }

    public void setBackoffSeconds(Double backoffSeconds) {
        this.backoffSeconds = backoffSeconds;
    }

    public Double getMaxBackoffSeconds() {
        return maxBackoffSeconds;
    }

    public void setMaxBackoffSeconds(Double maxBackoffSeconds) {
        this.maxBackoffSeconds = maxBackoffSeconds;
    }
}
