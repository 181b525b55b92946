package dev.faasflow.crds;

import io.fabric8.generator.annotation.Required;

/** A Workflow in the Invocation's namespace. */
public class WorkflowRef {
    @Required
    private String name;

    public WorkflowRef() {
    }

    public WorkflowRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
