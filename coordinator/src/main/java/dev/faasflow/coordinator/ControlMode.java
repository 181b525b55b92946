package dev.faasflow.coordinator;

/** WorkerSP: agents trigger each other (no master on the hot path). MasterSP: the central baseline. */
public enum ControlMode {
    WORKER_SP("WorkerSP"), MASTER_SP("MasterSP");

    private final String label;

    ControlMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ControlMode parse(String text) {
        for (ControlMode m : values()) {
            if (m.label.equalsIgnoreCase(text.trim()) || m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown control mode '" + text + "' (WorkerSP or MasterSP)");
    }
}
