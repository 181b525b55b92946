package dev.faasflow.crds;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.Workflow;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Workflow manifests of the function templates ({@code examples/functions/}) are what the operator accepts, and
 * the same workflow as the template's {@code flat_workflow.yaml}, which the embedded tests run.
 */
class FunctionTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void templateManifestsMatchTheirFlatWorkflows() throws Exception {
        for (String template : new String[] {"java-hello", "python-hello"}) {
            Path dir = Path.of("..", "examples", "functions", template);
            WorkflowResource resource = WorkflowManifests.readWorkflow(Files.readString(dir.resolve("workflow.k8s.yaml")));
            assertEquals(template, resource.getMetadata().getName());
            assertEquals("ghcr.io/faasflow/" + template + ":0.1.0", resource.getSpec().getRuntimeImage());
            Workflow fromManifest = WorkflowManifests.toWorkflow(template, resource.getSpec());
            Workflow flat = Benchmarks.loadPathOrName(dir.toString());
            assertEquals(flat.size(), fromManifest.size(), template);
            assertEquals(JSON.valueToTree(WorkflowManifests.toSpec(flat).getFunctions()),
                    JSON.valueToTree(WorkflowManifests.toSpec(fromManifest).getFunctions()), template);
        }
    }
}
