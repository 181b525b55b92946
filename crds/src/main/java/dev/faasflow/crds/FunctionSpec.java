package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import dev.faasflow.workflow.Next;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.LinkedHashMap;
import java.util.Map;

/** One function of a workflow, as in flat_workflow.yaml (camelCase), plus how its container runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionSpec {
    @Required
    @Pattern("^[A-Za-z0-9_.-]+$")
    @JsonPropertyDescription("unique id; virtual* names a control node, END a no-op sink (neither gets a container)")
    private String name;
    @JsonPropertyDescription("code name (VIRTUAL and END for the special nodes); defaults to the name")
    private String source;
    @Min(0)
    @JsonPropertyDescription("expected run time in seconds: the node weight for grouping, the sleep of replayed functions")
    private Double runtime;
    @Min(1)
    @JsonPropertyDescription("container slots the function costs on a node (default 3)")
    private Integer scale;
    @Min(0)
    @Max(1)
    @JsonPropertyDescription("fraction of the 256 MiB container memory the function really uses (default 0.25)")
    private Double memUsage;
    @Min(0)
    @JsonPropertyDescription("expected foreach width (default 1)")
    private Double splitRatio;
    @JsonPropertyDescription("inputs: argument name -> {type, value, size}")
    private Map<String, DataSpec> input;
    @JsonPropertyDescription("outputs: key -> {type, value, size}")
    private Map<String, DataSpec> output;
    @JsonPropertyDescription("the outgoing edges")
    private Next next;
    @JsonPropertyDescription("how often a failed attempt is run again; absent: the workflow's defaults.retry (else none)")
    private RetrySpec retry;
    @Min(value = 0, inclusive = false)
    @Max(86400)
    @JsonPropertyDescription("how long one attempt may take, in seconds; absent: the workflow's defaults.timeoutSeconds")
    private Double timeoutSeconds;
    @JsonPropertyDescription("implementation name the function runtime looks up first (function_info.yaml's image)")
    private String image;
    @JsonPropertyDescription("container image serving this function; default: the workflow's runtimeImage")
    private String containerImage;
    @JsonPropertyDescription("resources of the function's container")
    private ResourceRequirements resources;

    public FunctionSpec() {
    }

    public FunctionSpec(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public Double getRuntime() {
        return runtime;
    }

    public void setRuntime(Double runtime) {
        this.runtime = runtime;
    }

    public Integer getScale() {
        return scale;
    }

    public void setScale(Integer scale) {
        this.scale = scale;
    }

    public Double getMemUsage() {
        return memUsage;
    }

    public void setMemUsage(Double memUsage) {
        this.memUsage = memUsage;
    }

    public Double getSplitRatio() {
        return splitRatio;
    }

    public void setSplitRatio(Double splitRatio) {
        this.splitRatio = splitRatio;
    }

    public Map<String, DataSpec> getInput() {
        return input;
    }

    public void setInput(Map<String, DataSpec> input) {
        this.input = input == null ? null : new LinkedHashMap<>(input);
    }

    public Map<String, DataSpec> getOutput() {
        return output;
    }

    public void setOutput(Map<String, DataSpec> output) {
        this.output = output == null ? null : new LinkedHashMap<>(output);
    }

    public Next getNext() {
        return next;
    }

    public void setNext(Next next) {
        this.next = next;
    }

    public RetrySpec getRetry() {
        return retry;
    }

    public void setRetry(RetrySpec retry) {
        this.retry = retry;
    }

    public Double getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Double timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getContainerImage() {
        return containerImage;
    }

    public void setContainerImage(String containerImage) {
        this.containerImage = containerImage;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }
}
