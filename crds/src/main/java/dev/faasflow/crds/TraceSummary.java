package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** Where an ended invocation's time and bytes went (the gateway's {@code …/trace} has every attempt). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TraceSummary {
    @JsonPropertyDescription("the functions on the critical path, first to last")
    private List<String> criticalPath = new ArrayList<>();
    @JsonPropertyDescription("the attempt that ran longest: function[instance] on node (ms)")
    private String slowestFunction;
    @JsonPropertyDescription("bytes read and written in node memory")
    private Long bytesLocal;
    @JsonPropertyDescription("bytes read and written in the remote tier (Redis)")
    private Long bytesRemote;
    @JsonPropertyDescription("function attempts, retries included")
    private Integer attempts;
    @JsonPropertyDescription("attempts that failed (retried or not)")
    private Long failedAttempts;
    @JsonPropertyDescription("attempts that had to start a new function instance")
    private Long coldStarts;
    @JsonPropertyDescription("time attempts waited on their nodes for slots and instances, summed, in milliseconds")
    private Double queuedMs;

    public List<String> getCriticalPath() {
        return criticalPath;
    }

    public void setCriticalPath(List<String> criticalPath) {
        this.criticalPath = criticalPath == null ? new ArrayList<>() : new ArrayList<>(criticalPath);
    }

    public String getSlowestFunction() {
        return slowestFunction;
    }

    public void setSlowestFunction(String slowestFunction) {
        this.slowestFunction = slowestFunction;
    }

    public Long getBytesLocal() {
        return bytesLocal;
    }

    public void setBytesLocal(Long bytesLocal) {
        this.bytesLocal = bytesLocal;
    }

    public Long getBytesRemote() {
        return bytesRemote;
    }

    public void setBytesRemote(Long bytesRemote) {
        this.bytesRemote = bytesRemote;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public Long getFailedAttempts() {
        return failedAttempts;
    }

    public void setFailedAttempts(Long failedAttempts) {
        this.failedAttempts = failedAttempts;
    }

    public Long getColdStarts() {
        return coldStarts;
    }

    public void setColdStarts(Long coldStarts) {
        this.coldStarts = coldStarts;
    }

    public Double getQueuedMs() {
        return queuedMs;
    }

    public void setQueuedMs(Double queuedMs) {
        this.queuedMs = queuedMs;
    }
}
