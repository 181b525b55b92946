package dev.faasflow.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example Workflows and Invocations are valid against the CRDs' schemas, and the check catches real mistakes. */
class ExamplesSchemaTest {
    static ObjectNode workflowCrd;
    static ObjectNode invocationCrd;
    static Path examples;

    @BeforeAll
    static void load() {
        workflowCrd = Chart.resourceYaml("META-INF/fabric8/workflows.faasflow.dev-v1.yml");
        invocationCrd = Chart.resourceYaml("META-INF/fabric8/invocations.faasflow.dev-v1.yml");
        examples = Chart.root().resolve("examples");
    }

    private static ObjectNode single(Path file) {
        List<ObjectNode> docs = Chart.parseAll(Chart.read(file));
        assertEquals(1, docs.size(), file + " should hold one object");
        return docs.get(0);
    }

    @Test
    void everyExampleWorkflowIsValid() {
        List<Path> files = Chart.yamlFiles(examples.resolve("workflows"));
        assertEquals(8, files.size(), "the 8 benchmarks: " + files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            StructuralSchema.validateResource(workflowCrd, single(file))
                    .forEach(p -> problems.add(file.getFileName() + ": " + p));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyExampleInvocationIsValidAndNamesAnExampleWorkflow() {
        Set<String> workflows = new HashSet<>();
        Chart.yamlFiles(examples.resolve("workflows")).forEach(f -> workflows.add(single(f).at("/metadata/name").asText()));
        List<Path> files = Chart.yamlFiles(examples.resolve("invocations"));
        assertEquals(8, files.size(), files.toString());
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            ObjectNode invocation = single(file);
            StructuralSchema.validateResource(invocationCrd, invocation).forEach(p -> problems.add(file.getFileName() + ": " + p));
            String ref = invocation.at("/spec/workflowRef/name").asText();
            if (!workflows.contains(ref)) {
                problems.add(file.getFileName() + ": spec.workflowRef.name " + ref + " is none of the example workflows " + workflows);
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---- the validator catches real mistakes -------------------------------------------------------------------

    private static ObjectNode video() {
        return single(examples.resolve("workflows/video.yaml")).deepCopy();
    }

    private static ObjectNode videoInvocation() {
        return single(examples.resolve("invocations/video.yaml")).deepCopy();
    }

    private static void assertRejected(JsonNode crd, ObjectNode valid, Consumer<ObjectNode> breakIt, String expected) {
        assertEquals(List.of(), StructuralSchema.validateResource(crd, valid), "the unbroken manifest is valid");
        ObjectNode broken = valid.deepCopy();
        breakIt.accept(broken);
        List<String> problems = StructuralSchema.validateResource(crd, broken);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected a problem containing '" + expected
                + "', got " + problems);
    }

    private static ObjectNode firstFunction(ObjectNode workflow) {
        return (ObjectNode) workflow.at("/spec/functions/0");
    }

    @Test
    void anUnknownModeIsRejected() {
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.path("spec")).put("controlMode", "Central"),
                ".spec.controlMode: \"Central\" is not one of [\"MasterSP\",\"WorkerSP\"]");
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.path("spec")).put("dataMode", "Optimized"),
                ".spec.dataMode: \"Optimized\" is not one of");
    }

    @Test
    void aMissingRequiredFieldIsRejected() {
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.path("spec")).remove("functions"), ".spec.functions: required");
        assertRejected(invocationCrd, videoInvocation(), i -> ((ObjectNode) i.at("/spec/workflowRef")).remove("name"),
                ".spec.workflowRef.name: required");
    }

    @Test
    void aWrongTypeIsRejected() {
        assertRejected(workflowCrd, video(), w -> firstFunction(w).put("runtime", "fast"),
                ".spec.functions[0].runtime: expected number, got string");
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.path("spec")).putArray("nodeSelector").add("gpu"),
                ".spec.nodeSelector: expected object, got array");
        assertRejected(invocationCrd, videoInvocation(), i -> ((ObjectNode) i.path("spec")).put("timeoutSeconds", 2.5),
                ".spec.timeoutSeconds: expected integer, got number");
    }

    @Test
    void valuesBelowTheirMinimumAreRejected() {
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.path("spec")).put("maxContainers", 0),
                ".spec.maxContainers: 0 is below the minimum 1");
        // timeScale must be above 0 (an exclusive minimum).
        assertRejected(invocationCrd, videoInvocation(), i -> ((ObjectNode) i.path("spec")).put("timeScale", 0),
                ".spec.timeScale: 0 is not above the minimum 0");
    }

    @Test
    void unknownFieldsAreRejectedButNotUnderPreservedOnes() {
        assertRejected(workflowCrd, video(), w -> firstFunction(w).put("colour", "red"), ".spec.functions[0].colour: unknown field");
        assertRejected(workflowCrd, video(), w -> w.putObject("specs"), ".specs: unknown field");
        // An Invocation's input is free-form JSON (x-kubernetes-preserve-unknown-fields).
        ObjectNode invocation = videoInvocation();
        ((ObjectNode) invocation.at("/spec/input")).putObject("anything").putArray("goes").add(1).add("two");
        assertEquals(List.of(), StructuralSchema.validateResource(invocationCrd, invocation));
    }

    @Test
    void mapValuesAreCheckedAgainstAdditionalProperties() {
        // globalInput is name → {type, value, size}; type is an enum.
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.at("/spec/globalInput/video_name")).put("type", "text"),
                ".spec.globalInput.video_name.type: \"text\" is not one of");
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.at("/spec/globalInput/video_name")).put("size", -1),
                ".spec.globalInput.video_name.size: -1 is below the minimum 0");
    }

    @Test
    void kindVersionAndNameAreChecked() {
        assertRejected(workflowCrd, video(), w -> w.put("kind", "Invocation"), ".kind: expected Workflow");
        assertRejected(workflowCrd, video(), w -> w.put("apiVersion", "faasflow.dev/v1"), "is not a served version");
        assertRejected(workflowCrd, video(), w -> ((ObjectNode) w.path("metadata")).put("name", "Video_1"),
                "is not a DNS subdomain name");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        ObjectNode broken = video();
        firstFunction(broken).put("runtime", "fast");
        ((ObjectNode) broken.path("spec")).put("controlMode", "Central");
        ((ArrayNode) broken.at("/spec/functions")).addObject().put("source", "nameless");
        List<String> problems = StructuralSchema.validateResource(workflowCrd, broken);
        assertTrue(problems.size() >= 3, problems.toString());
    }
}
