package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** One function group of the plan: its node, its functions and the pod that runs their containers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupStatus {
    private String id;
    private String node;
    private Integer slots;
    private List<String> functions = new ArrayList<>();
    /** The group's pod; null when every function of the group is virtual (nothing to run). */
    private String pod;

    public GroupStatus() {
    }

    public GroupStatus(String id, String node, int slots, List<String> functions, String pod) {
        this.id = id;
        this.node = node;
        this.slots = slots;
        this.functions = new ArrayList<>(functions);
        this.pod = pod;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public Integer getSlots() {
        return slots;
    }

    public void setSlots(Integer slots) {
        this.slots = slots;
    }

    public List<String> getFunctions() {
        return functions;
    }

    public void setFunctions(List<String> functions) {
        this.functions = functions;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }
}
