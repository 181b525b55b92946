package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** What the plan puts on one node: its groups, the images of their functions and the function pods serving them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeStatus {
    private String node;
    private List<String> groups = new ArrayList<>();
    /** The images whose functions run here, each served by its own pool of pods. */
    private List<String> images = new ArrayList<>();
    /** Function pods on the node, all images together. */
    private Integer pods;

    public NodeStatus() {
    }

    public NodeStatus(String node, List<String> groups, List<String> images, int pods) {
        this.node = node;
        this.groups = new ArrayList<>(groups);
        this.images = new ArrayList<>(images);
        this.pods = pods;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public List<String> getGroups() {
        return groups;
    }

    public void setGroups(List<String> groups) {
        this.groups = groups;
    }

    public List<String> getImages() {
        return images;
    }

    public void setImages(List<String> images) {
        this.images = images;
    }

    public Integer getPods() {
        return pods;
    }

    public void setPods(Integer pods) {
        this.pods = pods;
    }
}
