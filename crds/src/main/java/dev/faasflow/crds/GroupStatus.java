package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** One function group of the plan: its node, its functions and the pods that serve them (pods per image). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GroupStatus {
    private String id;
    private String node;
    private Integer slots;
    private List<String> functions = new ArrayList<>();
    /** The pods serving the group's functions (its node's pods of their images); empty when all are virtual. */
    private List<String> pods = new ArrayList<>();

    public GroupStatus() {
    }

    public GroupStatus(String id, String node, int slots, List<String> functions, List<String> pods) {
        this.id = id;
        this.node = node;
        this.slots = slots;
        this.functions = new ArrayList<>(functions);
        this.pods = new ArrayList<>(pods);
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

    public List<String> getPods() {
        return pods;
    }

    public void setPods(List<String> pods) {
        this.pods = pods;
    }
}
