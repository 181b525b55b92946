package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.workflow.InvocationPhase;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

import java.util.Map;

/** How the invocation went. Written when it starts and once when it has ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InvocationStatus {
    private InvocationPhase phase;
    @JsonPropertyDescription("the engine's invocation id (also usable with the HTTP gateway)")
    private String id;
    @JsonPropertyDescription("why the invocation is in this phase, for a person")
    private String message;
    private String startTime;
    private String completionTime;
    @JsonPropertyDescription("end-to-end latency in milliseconds")
    private Double durationMs;
    @JsonPropertyDescription("durationMs for a person, e.g. 1.234s")
    private String duration;
    @JsonPropertyDescription("the function that failed (Failed only)")
    private String failedFunction;
    @JsonPropertyDescription("end-to-end latency minus the measured critical-path function times, in milliseconds")
    private Double scheduleOverheadMs;
    @JsonPropertyDescription("time spent in every fetch and put, in milliseconds")
    private Double dataOverheadMs;
    @PreserveUnknownFields
    @JsonPropertyDescription("results by key: small ones inline (JSON or text), large ones as {key, bytes} references")
    private Map<String, JsonNode> results;
    @JsonPropertyDescription("the metadata.generation this status describes")
    private Long observedGeneration;
    @JsonPropertyDescription("where the time and bytes went (GET .../invocations/{id}/trace on the gateway has every attempt)")
    private TraceSummary trace;
    @JsonPropertyDescription("every function attempt, for invocations of at most 100 attempts")
    private java.util.List<FunctionStatus> functions;
    @JsonPropertyDescription("attempts not listed in functions (the invocation had more than 100)")
    private Integer functionsOmitted;

    public InvocationPhase getPhase() {
        return phase;
    }

    public void setPhase(InvocationPhase phase) {
        this.phase = phase;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public Double getDurationMs() {
        return durationMs;
    }

    public void setDurationMs(Double durationMs) {
        this.durationMs = durationMs;
    }

    public String getDuration() {
        return duration;
    }

    public void setDuration(String duration) {
        this.duration = duration;
    }

    public String getFailedFunction() {
        return failedFunction;
    }

    public void setFailedFunction(String failedFunction) {
        this.failedFunction = failedFunction;
    }

    public Double getScheduleOverheadMs() {
        return scheduleOverheadMs;
    }

    public void setScheduleOverheadMs(Double scheduleOverheadMs) {
        this.scheduleOverheadMs = scheduleOverheadMs;
    }

    public Double getDataOverheadMs() {
        return dataOverheadMs;
    }

    public void setDataOverheadMs(Double dataOverheadMs) {
        this.dataOverheadMs = dataOverheadMs;
    }

    public Map<String, JsonNode> getResults() {
        return results;
    }

    public void setResults(Map<String, JsonNode> results) {
        this.results = results;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public TraceSummary getTrace() {
        return trace;
    }

    public void setTrace(TraceSummary trace) {
        this.trace = trace;
    }

    public java.util.List<FunctionStatus> getFunctions() {
        return functions;
    }

    public void setFunctions(java.util.List<FunctionStatus> functions) {
        this.functions = functions;
    }

    public Integer getFunctionsOmitted() {
        return functionsOmitted;
    }

    public void setFunctionsOmitted(Integer functionsOmitted) {
        this.functionsOmitted = functionsOmitted;
    }
}
