package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a workflow is driven: per-node agents trigger each other (WorkerSP), or a central engine (MasterSP). */
public enum ControlMode {
    @JsonProperty("WorkerSP") WORKER_SP,
    @JsonProperty("MasterSP") MASTER_SP;

    public String label() {
        return this == WORKER_SP ? "WorkerSP" : "MasterSP";
    }
}
