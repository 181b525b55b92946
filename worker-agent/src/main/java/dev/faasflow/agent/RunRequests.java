package dev.faasflow.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the contract's run requests from a workflow definition; the agent sends what this builds, and tests
 * of functions use it to call them as the agent would: inputs with their resolved keys, {@code instances} for
 * values written by foreach functions, outputs with {@code from} for pass-throughs of global inputs, the
 * declared runtime, source and image.
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
        FunctionDef def = workflow.function(function);
        return new Builder(workflow, def, foreachProducers(workflow, def));
    }

    /** A builder for a function of a deployment (its foreach producers were found at deploy time). */
    static Builder of(Deployment deployment, String function) {
        return new Builder(deployment.workflow(), deployment.workflow().function(function),
                deployment.foreachProducers(function));
    }

    /** Input name → the foreach function whose instances wrote the key it reads (the nearest writer). */
    static Map<String, String> foreachProducers(Workflow workflow, FunctionDef f) {
        Map<String, String> producers = new HashMap<>();
        for (DataSpec in : f.inputs().values()) {
            String producer = nearestForeachProducer(workflow, workflow.indexOf(f.name()), in.key());
            if (producer != null) {
                producers.put(in.name(), producer);
            }
        }
        return producers;
    }

    /** The closest ancestor that writes {@code key}, if it is a foreach function. */
    private static String nearestForeachProducer(Workflow workflow, int function, String key) {
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(workflow.predecessorsOf(function));
        while (!todo.isEmpty()) {
            int p = todo.poll();
            if (!seen.add(p)) {
                continue;
            }
            FunctionDef def = workflow.function(p);
            if (def.outputs().containsKey(key)) {
                return workflow.isForeach(def.name()) ? def.name() : null;
            }
            todo.addAll(workflow.predecessorsOf(p));
        }
        return null;
    }

    /** Fluent builder; {@link #build()} may be called repeatedly. */
    public static final class Builder {
        private final Workflow workflow;
        private final FunctionDef def;
        private final Map<String, String> producers;
        private String invocation;
        private String store;
        private String destination;
        private double timeScale = 1;
        private ObjectNode input;
        private Integer instance;
        private Integer instances;
        private JsonNode element;
        private final Map<String, Integer> widths = new HashMap<>();
        private String storeToken;

        private Builder(Workflow workflow, FunctionDef def, Map<String, String> producers) {
            this.workflow = workflow;
            this.def = def;
            this.producers = producers;
        }

        public Builder invocation(String value) {
            this.invocation = value;
            return this;
        }

        public Builder store(String value) {
            this.store = value;
            return this;
        }

        /** MEM, DB or DB+MEM, or null: the function's puts carry no destination. */
        public Builder destination(String value) {
            this.destination = value;
            return this;
        }

        public Builder timeScale(double value) {
            this.timeScale = value;
            return this;
        }

        /** The invocation's global inputs (a JSON object; anything else counts as none). */
        public Builder input(JsonNode value) {
            this.input = value instanceof ObjectNode o ? o : null;
            return this;
        }

        /** Makes this request foreach instance {@code index} of {@code width} with its key-list element. */
        public Builder foreach(int index, int width, JsonNode elementValue) {
            this.instance = index;
            this.instances = width;
            this.element = elementValue;
            return this;
        }

        /** The width foreach function {@code producer} ran with: inputs it wrote are read as N values. */
        public Builder foreachWidth(String producer, int width) {
            widths.put(producer, width);
            return this;
        }

        /** The widths of every foreach function that has run so far in the invocation. */
        public Builder foreachWidths(Map<String, Integer> all) {
            widths.putAll(all);
            return this;
        }

        /** The token the function's store calls carry (null: the store takes none). */
        public Builder storeToken(String token) {
            this.storeToken = token;
            return this;
        }

        public RunRequest build() {
            Objects.requireNonNull(invocation, "invocation");
            Objects.requireNonNull(store, "store");
            List<RunRequest.Input> inputs = new ArrayList<>(def.inputs().size());
            for (DataSpec in : def.inputs().values()) {
                String producer = producers.get(in.name());
                inputs.add(new RunRequest.Input(in.name(), in.key(), in.type().yamlName(), in.size(),
                        producer == null ? null : widths.get(producer)));
            }
            List<RunRequest.Output> outputs = new ArrayList<>(def.outputs().size());
            for (DataSpec out : def.outputs().values()) {
                String from = out.value() != null && out.value().fromGlobalInput() ? out.value().parameter() : null;
                outputs.add(new RunRequest.Output(out.name(), out.type().yamlName(), out.size(), from));
            }
            return new RunRequest(workflow.name(), invocation, def.name(), def.source(), def.image(), instance,
                    instances, element, def.runtime(), timeScale, store, destination, inputs, outputs, input, storeToken);
        }
    }
}
