package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The grouping plan as the Workflow's status shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {
    @JsonPropertyDescription("a short hash of what the plan was made from (definition, modes, agents)")
    private String id;
    private String dataMode;
    private String controlMode;
    @JsonPropertyDescription("agent URL per node the plan was made over")
    private Map<String, String> agents = new LinkedHashMap<>();
    @JsonPropertyDescription("function groups: their node, functions and the pods serving them")
    private List<GroupStatus> groups = new ArrayList<>();
    @JsonPropertyDescription("per node: its groups, the images of their functions and its function pods (a pool per image)")
    private List<NodeStatus> nodes = new ArrayList<>();
    @JsonPropertyDescription("per function: node, group and storage destination (MEM, DB or DB+MEM)")
    private Map<String, FunctionPlacement> functions = new LinkedHashMap<>();
    @JsonPropertyDescription("the critical path after grouping")
    private List<String> criticalPath = new ArrayList<>();
    private Double criticalPathSeconds;
    @JsonPropertyDescription("why grouping stopped merging (e.g. a merge would go over the memory quota)")
    private String stopReason;
    @JsonPropertyDescription("the workflow's local memory quota in bytes (faasflow.quota-bytes, or the paper's formula)")
    private Long quotaBytes;
    @JsonPropertyDescription("output bytes the plan keeps in node memory")
    private Long memoryPlannedBytes;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getDataMode() {
        return dataMode;
    }

    public void setDataMode(String dataMode) {
        this.dataMode = dataMode;
    }

    public String getControlMode() {
        return controlMode;
    }

    public void setControlMode(String controlMode) {
        this.controlMode = controlMode;
    }

    public Map<String, String> getAgents() {
        return agents;
    }

    public void setAgents(Map<String, String> agents) {
        this.agents = agents;
    }

    public List<GroupStatus> getGroups() {
        return groups;
    }

    public void setGroups(List<GroupStatus> groups) {
        this.groups = groups;
    }

    public List<NodeStatus> getNodes() {
        return nodes;
    }

    public void setNodes(List<NodeStatus> nodes) {
        this.nodes = nodes;
    }

    public Map<String, FunctionPlacement> getFunctions() {
        return functions;
    }

    public void setFunctions(Map<String, FunctionPlacement> functions) {
        this.functions = functions;
    }

    public List<String> getCriticalPath() {
        return criticalPath;
    }

    public void setCriticalPath(List<String> criticalPath) {
        this.criticalPath = criticalPath;
    }

    public Double getCriticalPathSeconds() {
        return criticalPathSeconds;
    }

    public void setCriticalPathSeconds(Double criticalPathSeconds) {
        this.criticalPathSeconds = criticalPathSeconds;
    }

    public String getStopReason() {
        return stopReason;
    }

    public void setStopReason(String stopReason) {
        this.stopReason = stopReason;
    }

    public Long getQuotaBytes() {
        return quotaBytes;
    }

    public void setQuotaBytes(Long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }

    public Long getMemoryPlannedBytes() {
        return memoryPlannedBytes;
    }

    public void setMemoryPlannedBytes(Long memoryPlannedBytes) {
        this.memoryPlannedBytes = memoryPlannedBytes;
    }
}
