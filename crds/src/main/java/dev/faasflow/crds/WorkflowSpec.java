package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workflow definition (flat_workflow.yaml in camelCase) and how it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSpec {
    @JsonPropertyDescription("the invocation's inputs: name -> {type, value, size}")
    private Map<String, DataSpec> globalInput;
    @Required
    @Size(min = 1)
    @JsonPropertyDescription("the functions (nodes of the DAG)")
    private List<FunctionSpec> functions = new ArrayList<>();
    @JsonPropertyDescription("the workflow's results: name -> {type, value, size}")
    private Map<String, DataSpec> globalOutput;
    @JsonPropertyDescription("what every function gets unless it says otherwise: retry, timeoutSeconds")
    private WorkflowDefaults defaults;
    @Min(1)
    @JsonPropertyDescription("warm-pool cap per function per node (default 10)")
    private Integer maxContainers;
    @JsonPropertyDescription("WorkerSP: agents trigger each other; MasterSP: the central engine calls every function."
            + " Absent: the operator's default (faasflow.default-control-mode, WorkerSP unless configured)")
    private ControlMode controlMode;
    @JsonPropertyDescription("optimized: node memory where the plan allows; raw: every output to the remote store, hash placement."
            + " Absent: the operator's default (faasflow.default-data-mode, optimized unless configured)")
    private DataMode dataMode;
    @JsonPropertyDescription("only nodes with these labels run this workflow's groups")
    private Map<String, String> nodeSelector;
    @JsonPropertyDescription("container image of the function runtime; default: the operator's")
    private String runtimeImage;

    public Map<String, DataSpec> getGlobalInput() {
        return globalInput;
    }

    public void setGlobalInput(Map<String, DataSpec> globalInput) {
        this.globalInput = globalInput == null ? null : new LinkedHashMap<>(globalInput);
    }

    public List<FunctionSpec> getFunctions() {
        return functions;
    }

    public void setFunctions(List<FunctionSpec> functions) {
        this.functions = functions;
    }

    public Map<String, DataSpec> getGlobalOutput() {
        return globalOutput;
    }

    public void setGlobalOutput(Map<String, DataSpec> globalOutput) {
        this.globalOutput = globalOutput == null ? null : new LinkedHashMap<>(globalOutput);
    }

    public WorkflowDefaults getDefaults() {
        return defaults;
    }

    public void setDefaults(WorkflowDefaults defaults) {
        this.defaults = defaults;
    }

    public Integer getMaxContainers() {
        return maxContainers;
    }

    public void setMaxContainers(Integer maxContainers) {
        this.maxContainers = maxContainers;
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

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public String getRuntimeImage() {
        return runtimeImage;
    }

    public void setRuntimeImage(String runtimeImage) {
        this.runtimeImage = runtimeImage;
    }
}
