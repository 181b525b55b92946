package dev.faasflow.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds contract run requests from a workflow definition, the way an agent does:
 * inputs with their resolved keys, {@code instances} for values produced by foreach functions, outputs with
 * {@code from} for pass-throughs of global inputs, the declared runtime, source and image.
 *
 * <pre>{@code
 * RunRequest r = RunRequests.of(workflow, "merge")
 *         .invocation("inv-1").store("http://127.0.0.1:41001").destination("DB")
 *         .foreachWidth("count", 3).build();
 * }</pre>
 */
public final class RunRequests {
    private RunRequests() {
    }

    /** A builder for function {@code function} of {@code workflow}. */
    public static Builder of(Workflow workflow, String function) {
        return new Builder(workflow, workflow.function(function));
    }

    /** Fluent builder; {@link #build()} may be called repeatedly. */
    public static final class Builder {
        private final Workflow workflow;
        private final FunctionDef def;
        private String invocation;
        private String store;
        private String destination;
        private double timeScale = 1;
        private ObjectNode input;
        private Integer instance;
        private Integer instances;
        private JsonNode element;
        private final Map<String, Integer> widths = new HashMap<>();

        private Builder(Workflow workflow, FunctionDef def) {
            this.workflow = workflow;
            this.def = def;
        }

        public Builder invocation(String value) {
            this.invocation = value;
            return this;
        }

        public Builder store(String value) {
            this.store = value;
            return this;
        }

        public Builder destination(String value) {
            this.destination = value;
            return this;
        }

        public Builder timeScale(double value) {
            this.timeScale = value;
            return this;
        }

        /** The invocation's global inputs. */
        public Builder input(ObjectNode value) {
            this.input = value;
            return this;
        }

        /** Makes this request foreach instance {@code index} of {@code width} with its key-list element. */
        public Builder foreach(int index, int width, JsonNode elementValue) {
            this.instance = index;
            this.instances = width;
            this.element = elementValue;
            return this;
        }

        /** The width foreach function {@code producer} ran with: inputs it produced are read as N values. */
        public Builder foreachWidth(String producer, int width) {
            widths.put(producer, width);
            return this;
        }

        public RunRequest build() {
            Objects.requireNonNull(invocation, "invocation");
            Objects.requireNonNull(store, "store");
            List<RunRequest.Input> inputs = new ArrayList<>();
            for (DataSpec in : def.inputs().values()) {
                Integer n = null;
                String producer = in.value() == null ? null : in.value().function();
                if (producer != null && !in.value().fromGlobalInput() && workflow.hasFunction(producer)
                        && workflow.isForeach(producer) && !workflow.isForeach(def.name())) {
                    n = widths.get(producer);
                    if (n == null) {
                        throw new IllegalStateException("input '" + in.name() + "' of " + def.name()
                                + " comes from foreach function " + producer + ": give its width with foreachWidth");
                    }
                }
                inputs.add(new RunRequest.Input(in.name(), in.key(), in.type().yamlName(), in.size(), n));
            }
            List<RunRequest.Output> outputs = new ArrayList<>();
            for (DataSpec out : def.outputs().values()) {
                String from = out.value() != null && out.value().fromGlobalInput() ? out.value().parameter() : null;
                outputs.add(new RunRequest.Output(out.name(), out.type().yamlName(), Math.max(0, out.size()), from));
            }
            return new RunRequest(workflow.name(), invocation, def.name(), def.source(), def.image(), instance,
                    instances, element, def.runtime(), timeScale, store, destination, inputs, outputs, input);
        }
    }
}
