package dev.faasflow.grouping;

/** A worker node and its container slots; the planner may use {@link #capacity()} of them. */
public record NodeSpec(String name, int slots) {
    /** The artifact reserves a fifth of every node: capacity = 0.8 × slots. */
    public static final double CAPACITY_FACTOR = 0.8;

    public NodeSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        if (slots <= 0) {
            throw new IllegalArgumentException("node " + name + ": slots must be positive, got " + slots);
        }
    }

    public double capacity() {
        return CAPACITY_FACTOR * slots;
    }
}
