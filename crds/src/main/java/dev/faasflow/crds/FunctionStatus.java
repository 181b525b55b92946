package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One function attempt of an ended invocation, as its node measured it (Argo's status.nodes, per attempt). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionStatus {
    private String name;
    @JsonPropertyDescription("the foreach instance, for a foreach function")
    private Integer instance;
    private String node;
    @JsonPropertyDescription("1 for the first attempt, 2 for the first retry, ...")
    private Integer attempt;
    @JsonPropertyDescription("Succeeded or Failed")
    private String phase;
    @JsonPropertyDescription("why the attempt failed")
    private String message;
    @JsonPropertyDescription("the run, data access included, in milliseconds")
    private Double durationMs;
    @JsonPropertyDescription("the wait on its node for slots and an instance, in milliseconds")
    private Double queuedMs;
    private Boolean coldStart;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getInstance() {
        return instance;
    }

    public void setInstance(Integer instance) {
        this.instance = instance;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Double getDurationMs() {
        return durationMs;
    }

    public void setDurationMs(Double durationMs) {
        this.durationMs = durationMs;
    }

    public Double getQueuedMs() {
        return queuedMs;
    }

    public void setQueuedMs(Double queuedMs) {
        this.queuedMs = queuedMs;
    }

    public Boolean getColdStart() {
        return coldStart;
    }

    public void setColdStart(Boolean coldStart) {
        this.coldStart = coldStart;
    }
}
