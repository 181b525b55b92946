package dev.faasflow.grouping;

/**
 * How much of a node a plan uses: the slots of the groups placed on it against the slots the planner may
 * use there ({@link NodeSpec#capacity()}, 0.8 × slots). Above 1 the node is oversubscribed: its functions
 * take turns for slots at run time.
 */
public record NodeLoad(String node, int slots, double capacity, int usedSlots) {

    /** Used slots per offered slot: 1.0 is full, 2.0 is twice as much as the node offers. */
    public double factor() {
        return usedSlots / capacity;
    }

    public boolean oversubscribed() {
        return usedSlots > capacity;
    }
}
