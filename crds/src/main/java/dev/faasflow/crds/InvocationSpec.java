package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Which workflow to run, with what input, within how long. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InvocationSpec {
    @Required
    @JsonPropertyDescription("the Workflow to run, in this namespace")
    private WorkflowRef workflowRef;
    @PreserveUnknownFields
    @JsonPropertyDescription("the global inputs, a JSON object (name -> value)")
    private JsonNode input;
    @Min(1)
    @JsonPropertyDescription("the invocation ends TimedOut after this long (default 300)")
    private Long timeoutSeconds;
    @Min(0)
    @JsonPropertyDescription("the finished Invocation (and its results) is deleted this long after it ended; kept when absent")
    private Long ttlSecondsAfterFinished;
    @JsonPropertyDescription("global inputs not given are generated at their declared size (replayed scientific workflows)")
    private Boolean generateMissingInputs;
    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("replayed functions sleep runtime x timeScale (default 1)")
    private Double timeScale;

    @JsonPropertyDescription("when it fails or times out, keep the outputs of the functions that succeeded (in the remote"
            + " store, until the Invocation is deleted), so an Invocation with retryOf can re-run only the rest")
    private Boolean keepIntermediates;
    @JsonPropertyDescription("the name of a failed Invocation (same namespace and workflow, run with keepIntermediates):"
            + " re-run only its functions that did not succeed, from its kept outputs and inputs (input must be absent)")
    private String retryOf;

    public Boolean getKeepIntermediates() {
        return keepIntermediates;
    }

    public void setKeepIntermediates(Boolean keepIntermediates) {
        this.keepIntermediates = keepIntermediates;
    }

    public String getRetryOf() {
        return retryOf;
    }

    public void setRetryOf(String retryOf) {
        this.retryOf = retryOf;
    }

    public WorkflowRef getWorkflowRef() {
        return workflowRef;
    }

    public void setWorkflowRef(WorkflowRef workflowRef) {
        this.workflowRef = workflowRef;
    }

    public JsonNode getInput() {
        return input;
    }

    public void setInput(JsonNode input) {
        this.input = input;
    }

    public Long getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public Long getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    public Boolean getGenerateMissingInputs() {
        return generateMissingInputs;
    }

    public void setGenerateMissingInputs(Boolean generateMissingInputs) {
        this.generateMissingInputs = generateMissingInputs;
    }

    public Double getTimeScale() {
        return timeScale;
    }

    public void setTimeScale(Double timeScale) {
        this.timeScale = timeScale;
    }
}
