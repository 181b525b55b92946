package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where a value comes from: a function's output (or INPUT, the invocation's input) and its key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataRefSpec {
    @JsonPropertyDescription("the producing function, or INPUT for the invocation's input")
    private String function;
    @Required
    @JsonPropertyDescription("the key the value is stored under")
    private String parameter;

    public DataRefSpec() {
    }

    public DataRefSpec(String function, String parameter) {
        this.function = function;
        this.parameter = parameter;
    }

    public String getFunction() {
        return function;
    }

    public void setFunction(String function) {
        this.function = function;
    }

    public String getParameter() {
        return parameter;
    }

    public void setParameter(String parameter) {
        this.parameter = parameter;
    }
}
