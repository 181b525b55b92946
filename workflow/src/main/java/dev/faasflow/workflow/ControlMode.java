package dev.faasflow.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a workflow is driven: agents trigger each other (WorkerSP, no master on the hot path), or a central engine calls every function (MasterSP, the baseline). */
public enum ControlMode {
    WORKER_SP("WorkerSP"), MASTER_SP("MasterSP");

    private final String label;

    ControlMode(String label) {
        this.label = label;
    }

    /** The spelling of resources, JSON and the command line: WorkerSP, MasterSP. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Accepts the label or the constant's name, in any case. */
    @JsonCreator
    public static ControlMode parse(String text) {
        String t = text == null ? "" : text.trim();
        for (ControlMode m : values()) {
            if (m.label.equalsIgnoreCase(t) || m.name().equalsIgnoreCase(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown control mode '" + text + "' (WorkerSP or MasterSP)");
    }
}
