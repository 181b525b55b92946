package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

import java.util.ArrayList;
import java.util.List;

/** A function's outgoing edges. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NextSpec {
    @Required
    @JsonPropertyDescription("pass or parallel (trigger every node), switch (first true condition wins), foreach")
    private NextType type;
    @JsonPropertyDescription("the successors, by function name")
    private List<String> nodes = new ArrayList<>();
    @JsonPropertyDescription("switch only: conditions[i] guards nodes[i]; 'default' is always true")
    private List<String> conditions = new ArrayList<>();

    public NextSpec() {
    }

    public NextSpec(NextType type, List<String> nodes, List<String> conditions) {
        this.type = type;
        this.nodes = new ArrayList<>(nodes);
        this.conditions = new ArrayList<>(conditions);
    }

    public NextType getType() {
        return type;
    }

    public void setType(NextType type) {
        this.type = type;
    }

    public List<String> getNodes() {
        return nodes;
    }

    public void setNodes(List<String> nodes) {
        this.nodes = nodes;
    }

    public List<String> getConditions() {
        return conditions;
    }

    public void setConditions(List<String> conditions) {
        this.conditions = conditions;
    }
}
