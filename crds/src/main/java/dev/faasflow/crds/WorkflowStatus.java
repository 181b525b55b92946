package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** Whether the workflow is valid and deployed, and where its function groups run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowStatus {
    public static final String PENDING = "Pending";
    public static final String READY = "Ready";
    public static final String INVALID = "Invalid";
    public static final String FAILED = "Failed";

    @JsonPropertyDescription("Pending (no agent node yet, or deploying), Ready, Invalid or Failed")
    private String phase;
    @JsonPropertyDescription("the metadata.generation this status describes")
    private Long observedGeneration;
    @JsonPropertyDescription("what the operator last concluded, for a person")
    private String message;
    @JsonPropertyDescription("Ready and Invalid conditions")
    private List<Condition> conditions = new ArrayList<>();
    @JsonPropertyDescription("the control mode in effect: spec.controlMode, or the operator's default when the spec omits it")
    private ControlMode controlMode;
    @JsonPropertyDescription("the data mode in effect: spec.dataMode, or the operator's default when the spec omits it")
    private DataMode dataMode;
    @JsonPropertyDescription("the grouping plan: groups on nodes, per-function placement and storage destination")
    private PlanStatus plan;
    private Integer functionCount;
    private Integer groupCount;
    private Integer nodeCount;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public ControlMode getControlMode() {
        return controlMode;
    }

    public void setControlMode(ControlMode controlMode) {
        this.controlMode = controlMode;
    }

    public DataMode getDataMode() {
        return dataMode;
    }

    public void setDataMode(DataMode dataMode) {
        this.dataMode = dataMode;
    }

    public PlanStatus getPlan() {
        return plan;
    }

    public void setPlan(PlanStatus plan) {
        this.plan = plan;
    }

    public Integer getFunctionCount() {
        return functionCount;
    }

    public void setFunctionCount(Integer functionCount) {
        this.functionCount = functionCount;
    }

    public Integer getGroupCount() {
        return groupCount;
    }

    public void setGroupCount(Integer groupCount) {
        this.groupCount = groupCount;
    }

    public Integer getNodeCount() {
        return nodeCount;
    }

    public void setNodeCount(Integer nodeCount) {
        this.nodeCount = nodeCount;
    }

    /** The condition of that type, or null. */
    public Condition condition(String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
