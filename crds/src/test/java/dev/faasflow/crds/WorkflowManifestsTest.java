package dev.faasflow.crds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Next;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowManifestsTest {
    /** Benchmarks whose inputs are replayed traces: their sample invocations generate missing inputs. */
    static final Set<String> SCIENTIFIC = Set.of("cycles", "epigenomics", "genome", "soykb");

    @Test
    void everyBenchmarkSurvivesTheRoundTripThroughAManifest() throws Exception {
        for (String name : Benchmarks.NAMES) {
            Workflow original = Benchmarks.load(name);
            WorkflowResource resource = WorkflowManifests.fromWorkflow(original);
            String yaml = WorkflowManifests.toYaml(resource);
            assertTrue(yaml.startsWith("apiVersion: faasflow.dev/v1alpha1\nkind: Workflow\n"), yaml.substring(0, 60));
            assertFalse(yaml.contains("controlMode") || yaml.contains("dataMode"),
                    name + ": a converted workflow leaves the modes to the operator's defaults");
            WorkflowResource read = WorkflowManifests.readWorkflow(yaml);
            assertNull(read.getSpec().getControlMode(), name);
            assertNull(read.getSpec().getDataMode(), name);
            Workflow back = WorkflowManifests.toWorkflow(original.name(), read.getSpec());
            assertEquals(WorkflowWriter.toTree(original), WorkflowWriter.toTree(back), name);
            assertEquals(original.maxContainers(), back.maxContainers(), name);
            for (int i = 0; i < original.size(); i++) {
                assertEquals(original.function(i), back.function(i), name + " function " + i);
            }
        }
    }

    @Test
    void retryPoliciesAndTimeoutsSurviveTheRoundTripAndBadOnesAreRefusedNamingFunctionAndField() throws Exception {
        WorkflowSpec spec = WorkflowManifests.toSpec(Benchmarks.load("wordcount"));
        WorkflowDefaults defaults = new WorkflowDefaults();
        defaults.setRetry(new RetrySpec(1, null, null));
        defaults.setTimeoutSeconds(30.0);
        spec.setDefaults(defaults);
        FunctionSpec start = spec.getFunctions().get(0);
        start.setRetry(new RetrySpec(3, 0.5, 4.0));
        start.setTimeoutSeconds(5.0);
        WorkflowSpec read = WorkflowManifests.readWorkflow(WorkflowManifests.toYaml(resourceWith(spec))).getSpec();
        Workflow wf = WorkflowManifests.toWorkflow("default.wordcount", read);
        assertEquals(new dev.faasflow.workflow.RetryPolicy(3, 0.5, 4), wf.retryOf(start.getName()));
        assertEquals(5_000, wf.timeoutMillisOf(start.getName(), 1));
        String other = spec.getFunctions().get(1).getName();
        assertEquals(1, wf.retryOf(other).limit(), "the workflow's default");
        assertEquals(30_000, wf.timeoutMillisOf(other, 1));
        assertEquals(WorkflowWriter.toTree(wf), WorkflowWriter.toTree(WorkflowManifests.toWorkflow("default.wordcount",
                WorkflowManifests.toSpec(wf))), "and back to a spec");

        start.setRetry(new RetrySpec(-1, null, null));
        WorkflowException e = assertThrows(WorkflowException.class, () -> WorkflowManifests.toWorkflow("default.wordcount", spec));
        assertEquals(start.getName(), e.problems().get(0).function());
        assertEquals("retry.limit", e.problems().get(0).field());
    }

    private static WorkflowResource resourceWith(WorkflowSpec spec) {
        WorkflowResource r = new WorkflowResource();
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("wordcount").build());
        r.setSpec(spec);
        return r;
    }

    @Test
    void resourceNamesAreValidObjectNames() {
        assertEquals("illgal-recognizer", WorkflowManifests.resourceName("illgal_recognizer"));
        assertEquals("wordcount", WorkflowManifests.resourceName("WordCount"));
        assertEquals("default.video", Resources.engineName("default", "video"));
    }

    @Test
    void anInvalidSpecIsRejectedNamingFunctionAndField() throws Exception {
        WorkflowSpec spec = WorkflowManifests.toSpec(Benchmarks.load("wordcount"));
        FunctionSpec start = spec.getFunctions().get(0);
        start.setNext(new Next(start.getNext().type(), List.of("nowhere"), List.of()));
        WorkflowException e = assertThrows(WorkflowException.class,
                () -> WorkflowManifests.toWorkflow("default.wordcount", spec));
        Problem p = e.problems().get(0);
        assertEquals("start", p.function());
        assertEquals("next.nodes[0]", p.field());
        assertTrue(WorkflowManifests.describe(e).contains("function 'start', field 'next.nodes[0]': unknown successor 'nowhere'"),
                WorkflowManifests.describe(e));

        WorkflowSpec empty = new WorkflowSpec();
        WorkflowException e2 = assertThrows(WorkflowException.class, () -> WorkflowManifests.toWorkflow("x.y", empty));
        assertEquals("functions", e2.problems().get(0).field());
    }

    /**
     * Writes (or, when present, checks) the example manifests: one Workflow per benchmark under
     * {@code examples/workflows/} and a sample Invocation each under {@code examples/invocations/}.
     * Set {@code -Dfaasflow.examples.write=true} to rewrite them after a change.
     */
    @Test
    void exampleManifestsMatchTheBenchmarks() throws Exception {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        boolean rewrite = Boolean.getBoolean("faasflow.examples.write");
        for (String name : Benchmarks.NAMES) {
            Workflow wf = Benchmarks.load(name);
            WorkflowResource resource = WorkflowManifests.fromWorkflow(wf);
            String rn = resource.getMetadata().getName();
            String input = Benchmarks.defaultInput(name);
            JsonNode inputNode = input == null ? null : WorkflowManifests.JSON.readTree(input);
            InvocationResource inv = WorkflowManifests.invocation(rn + "-sample", rn, inputNode, SCIENTIFIC.contains(name));
            check(examples.resolve("workflows").resolve(rn + ".yaml"), header(name, false)
                    + WorkflowManifests.toYaml(resource), rewrite);
            check(examples.resolve("invocations").resolve(rn + ".yaml"), header(name, true)
                    + WorkflowManifests.toYaml(inv), rewrite);
            // The sample invocation reads back.
            InvocationResource read = WorkflowManifests.readInvocation(WorkflowManifests.toYaml(inv));
            assertEquals(rn, read.getSpec().getWorkflowRef().getName());
        }
    }

    private static String header(String benchmark, boolean invocation) {
        return invocation
                ? "# A sample run of the " + benchmark + " benchmark: kubectl create -f <this file>\n"
                : "# The " + benchmark + " benchmark as a Workflow resource (generated from benchmarks/" + benchmark
                + "; do not edit by hand)\n";
    }

    private static void check(Path file, String content, boolean rewrite) throws Exception {
        if (rewrite || !Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(content, Files.readString(file, StandardCharsets.UTF_8),
                file + " is out of date: rerun with -Dfaasflow.examples.write=true");
    }

    @Test
    void generatedDefinitionsCarryValidationAndPrinterColumns() throws Exception {
        Map<String, Object> wf = crd("workflows.faasflow.dev-v1.yml");
        String text = WorkflowManifests.JSON.writeValueAsString(wf);
        JsonNode root = WorkflowManifests.JSON.readTree(text);
        assertEquals("Workflow", root.at("/spec/names/kind").asText());
        assertEquals("wf", root.at("/spec/names/shortNames/0").asText());
        JsonNode version = root.at("/spec/versions/0");
        assertEquals("v1alpha1", version.path("name").asText());
        assertTrue(version.at("/subresources/status").isObject(), "status subresource");
        List<String> columns = version.path("additionalPrinterColumns").findValuesAsText("name");
        assertTrue(columns.containsAll(List.of("Phase", "Groups", "Nodes", "Age")), columns.toString());
        JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
        assertTrue(spec.path("required").toString().contains("functions"), spec.path("required").toString());
        assertEquals(Set.of("WorkerSP", "MasterSP"), Set.copyOf(textValues(spec.at("/properties/controlMode/enum"))));
        assertEquals(Set.of("optimized", "raw"), Set.copyOf(textValues(spec.at("/properties/dataMode/enum"))));
        // No schema defaults for the modes: an omitted mode stays omitted, so the operator's default applies.
        for (String mode : List.of("controlMode", "dataMode")) {
            assertTrue(spec.at("/properties/" + mode + "/default").isMissingNode(), mode + " has a schema default");
            assertFalse(spec.path("required").toString().contains(mode), mode + " must stay optional");
        }
        // The modes in effect are in the status, and shown with -o wide.
        JsonNode status = version.at("/schema/openAPIV3Schema/properties/status/properties");
        assertEquals(Set.of("WorkerSP", "MasterSP"), Set.copyOf(textValues(status.at("/controlMode/enum"))));
        assertEquals(Set.of("optimized", "raw"), Set.copyOf(textValues(status.at("/dataMode/enum"))));
        Map<String, String> paths = new java.util.HashMap<>();
        version.path("additionalPrinterColumns").forEach(c -> paths.put(c.path("name").asText(), c.path("jsonPath").asText()));
        assertEquals(".status.controlMode", paths.get("Mode"));
        assertEquals(".status.dataMode", paths.get("Data"));
        JsonNode function = spec.at("/properties/functions/items");
        assertTrue(function.path("required").toString().contains("name"));
        assertEquals(1.0, function.at("/properties/scale/minimum").asDouble());
        assertEquals(1.0, function.at("/properties/memUsage/maximum").asDouble());
        assertTrue(function.at("/properties/next/properties/type/enum").toString().contains("switch"));

        JsonNode inv = WorkflowManifests.JSON.readTree(WorkflowManifests.JSON.writeValueAsString(
                crd("invocations.faasflow.dev-v1.yml")));
        assertEquals("inv", inv.at("/spec/names/shortNames/0").asText());
        JsonNode iv = inv.at("/spec/versions/0");
        List<String> invColumns = iv.path("additionalPrinterColumns").findValuesAsText("name");
        assertTrue(invColumns.containsAll(List.of("Workflow", "Phase", "Duration", "Age")), invColumns.toString());
        JsonNode ispec = iv.at("/schema/openAPIV3Schema/properties/spec");
        assertTrue(ispec.path("required").toString().contains("workflowRef"));
        assertTrue(ispec.at("/properties/input/x-kubernetes-preserve-unknown-fields").asBoolean());
        assertEquals(1.0, ispec.at("/properties/timeoutSeconds/minimum").asDouble());
        assertTrue(iv.at("/schema/openAPIV3Schema/properties/status/properties/phase/enum").toString().contains("TimedOut"));
        assertNotNull(iv.at("/subresources/status"));
        assertFalse(iv.at("/schema/openAPIV3Schema/properties/status/properties/results/x-kubernetes-preserve-unknown-fields").isMissingNode());
    }

    private static List<String> textValues(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> crd(String file) throws Exception {
        try (var in = WorkflowManifestsTest.class.getClassLoader().getResourceAsStream("META-INF/fabric8/" + file)) {
            assertNotNull(in, "generated " + file + " on the classpath");
            return new org.yaml.snakeyaml.Yaml().load(in);
        }
    }
}
