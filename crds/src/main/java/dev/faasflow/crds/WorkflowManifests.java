package dev.faasflow.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Next;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.RetryPolicy;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowParser;
import dev.faasflow.workflow.WorkflowWriter;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts between the workflow model and Workflow manifests. The way back goes through
 * {@link WorkflowParser}, so the operator validates a resource with the same validator as the command line.
 */
public final class WorkflowManifests {
    /** Plain JSON without nulls: the tree handed to the parser, and the wire form of specs. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private WorkflowManifests() {
    }

    /**
     * A Kubernetes object name for a workflow name: lower case, {@code _} and other characters outside
     * {@code [a-z0-9.-]} become {@code -} ({@code illgal_recognizer} → {@code illgal-recognizer}).
     */
    public static String resourceName(String workflowName) {
        String s = workflowName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        s = s.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
        return s.isEmpty() ? "workflow" : s;
    }

    /** The Workflow resource of a workflow (no namespace: the manifest is applied into one). */
    public static WorkflowResource fromWorkflow(Workflow wf) {
        WorkflowResource r = new WorkflowResource();
        r.setMetadata(new ObjectMetaBuilder().withName(resourceName(wf.name())).build());
        r.setSpec(toSpec(wf));
        return r;
    }

    /** The spec of a workflow: the definition as the resource carries it. */
    public static WorkflowSpec toSpec(Workflow wf) {
        WorkflowSpec spec = new WorkflowSpec();
        spec.setGlobalInput(specs(wf.globalInputs()));
        List<FunctionSpec> functions = new ArrayList<>();
        // The writer knows when a source must be written (it would otherwise change the function's kind).
        List<?> written = (List<?>) WorkflowWriter.toTree(wf).get("functions");
        for (int i = 0; i < wf.size(); i++) {
            functions.add(function(wf.function(i), ((Map<?, ?>) written.get(i)).containsKey("source")));
        }
        spec.setFunctions(functions);
        spec.setGlobalOutput(specs(wf.globalOutputs()));
        if (wf.maxContainers() != Workflow.DEFAULT_MAX_CONTAINERS) {
            spec.setMaxContainers(wf.maxContainers());
        }
        if (wf.defaultRetry() != null || wf.defaultTimeoutSeconds() > 0) {
            WorkflowDefaults defaults = new WorkflowDefaults();
            defaults.setRetry(retry(wf.defaultRetry()));
            defaults.setTimeoutSeconds(wf.defaultTimeoutSeconds() > 0 ? wf.defaultTimeoutSeconds() : null);
            spec.setDefaults(defaults);
        }
        return spec;
    }

    private static FunctionSpec function(FunctionDef f, boolean writeSource) {
        FunctionSpec s = new FunctionSpec(f.name());
        if (writeSource) {
            s.setSource(f.source());
        }
        s.setRuntime(f.runtime());
        s.setScale(f.scale());
        s.setMemUsage(f.memUsage());
        if (f.splitRatio() != 1.0) {
            s.setSplitRatio(f.splitRatio());
        }
        if (!f.inputs().isEmpty()) {
            s.setInput(specs(f.inputs()));
        }
        if (!f.outputs().isEmpty()) {
            s.setOutput(specs(f.outputs()));
        }
        Next next = f.next();
        if (!next.nodes().isEmpty() || !next.conditions().isEmpty()) {
            s.setNext(next);
        }
        s.setImage(f.image());
        s.setRetry(retry(f.retry()));
        if (f.timeoutSeconds() > 0) {
            s.setTimeoutSeconds(f.timeoutSeconds());
        }
        return s;
    }

    private static RetrySpec retry(RetryPolicy policy) {
        return policy == null ? null : new RetrySpec(policy.limit(), policy.backoffSeconds(), policy.maxBackoffSeconds());
    }

    private static Map<String, DataSpec> specs(Map<String, dev.faasflow.workflow.DataSpec> in) {
        if (in.isEmpty()) {
            return null;
        }
        Map<String, DataSpec> out = new LinkedHashMap<>();
        in.forEach((name, spec) -> out.put(name, new DataSpec(spec.type(), spec.value(), spec.size())));
        return out;
    }

    /**
     * Validates a spec with the workflow validator and builds the model.
     *
     * @param engineName the workflow's name inside the engine (see {@link Resources#engineName})
     * @throws WorkflowException with every problem, each naming the function and field concerned
     */
    public static Workflow toWorkflow(String engineName, WorkflowSpec spec) throws WorkflowException {
        if (spec == null) {
            throw new WorkflowException(new Problem(null, null, "spec", "the Workflow has no spec"));
        }
        Object tree = JSON.convertValue(spec, Object.class);
        if (tree instanceof Map<?, ?> map) {
            // Only the definition is the parser's business; the run settings are the operator's.
            for (String k : List.of("controlMode", "dataMode", "nodeSelector", "runtimeImage", "maxContainers")) {
                map.remove(k);
            }
            if (map.get("functions") instanceof List<?> functions) {
                for (Object f : functions) {
                    if (f instanceof Map<?, ?> fm) {
                        fm.remove("containerImage");
                        fm.remove("resources");
                    }
                }
            }
        }
        int maxContainers = spec.getMaxContainers() == null ? Workflow.DEFAULT_MAX_CONTAINERS : spec.getMaxContainers();
        return WorkflowParser.parse(null, engineName, tree, Map.of(), maxContainers);
    }

    /** A sample Invocation of a workflow resource. */
    public static InvocationResource invocation(String name, String workflowResourceName, JsonNode input,
                                                boolean generateMissingInputs) {
        InvocationResource inv = new InvocationResource();
        inv.setMetadata(new ObjectMetaBuilder().withName(name).build());
        InvocationSpec spec = new InvocationSpec();
        spec.setWorkflowRef(new WorkflowRef(workflowResourceName));
        spec.setInput(input == null ? JSON.createObjectNode() : input);
        spec.setTimeoutSeconds(600L);
        if (generateMissingInputs) {
            spec.setGenerateMissingInputs(true);
        }
        inv.setSpec(spec);
        return inv;
    }

    /** A manifest as YAML: apiVersion, kind, metadata, spec; no status, nothing empty. */
    public static String toYaml(Object resource) {
        JsonNode tree = JSON.valueToTree(resource);
        if (tree instanceof ObjectNode o) {
            o.remove("status");
        }
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
        }
    }

    /** Reads a Workflow manifest (YAML or JSON). */
    public static WorkflowResource readWorkflow(String yaml) {
        try {
            return YAML.readValue(yaml, WorkflowResource.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Workflow manifest: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads an Invocation manifest (YAML or JSON). */
    public static InvocationResource readInvocation(String yaml) {
        try {
            return YAML.readValue(yaml, InvocationResource.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an Invocation manifest: " + e.getOriginalMessage(), e);
        }
    }

    /** The problems of a rejected definition, one per line, each naming function and field. */
    public static String describe(WorkflowException e) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : e.problems()) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(p.toString());
        }
        return sb.toString();
    }
}
