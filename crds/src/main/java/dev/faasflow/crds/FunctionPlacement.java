package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where one function runs and where its outputs go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionPlacement {
    private String node;
    private String group;
    /** MEM, DB or DB+MEM. */
    private String destination;

    public FunctionPlacement() {
    }

    public FunctionPlacement(String node, String group, String destination) {
        this.node = node;
        this.group = group;
        this.destination = destination;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }
}
