package dev.faasflow.workflow;

/** Where a function's outputs are stored (FaaStore tiers). */
public enum Destination {
    /** Every consumer runs on the producer's node: keep the value in node memory. */
    MEM,
    /** No consumer on the producer's node (or a result): remote store only. */
    DB,
    /** Consumers on both sides: remote store and node memory. */
    DB_MEM;

    public boolean toMemory() {
        return this != DB;
    }

    public boolean toRemote() {
        return this != MEM;
    }

    /** The spelling used in plans and status: MEM, DB, DB+MEM. */
    public String label() {
        return this == DB_MEM ? "DB+MEM" : name();
    }

    public static Destination fromLabel(String label) {
        return switch (label) {
            case "MEM" -> MEM;
            case "DB" -> DB;
            case "DB+MEM", "DB_MEM" -> DB_MEM;
            default -> throw new IllegalArgumentException("unknown destination '" + label + "' (MEM, DB or DB+MEM)");
        };
    }
}
