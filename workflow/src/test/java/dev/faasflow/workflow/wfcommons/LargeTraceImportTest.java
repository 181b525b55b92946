package dev.faasflow.workflow.wfcommons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A generated 2,000-task layered trace, the size of the larger real ones. */
class LargeTraceImportTest {
    static final int LAYERS = 20;
    static final int WIDTH = 100;

    static String id(int layer, int k) {
        return "stage" + layer + "_ID" + String.format("%07d", layer * WIDTH + k);
    }

    /**
     * Layer 0 reads one input-only file each; task (l, k) of a later layer has parents (l-1, k) and
     * (l-1, k+1 mod WIDTH) and reads both their outputs; every task writes one file. Each edge is listed on
     * both sides (parents and children), task names repeat per layer, and the execution entries come in
     * reverse order.
     */
    static Path writeTrace(Path dir, String schemaVersion) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("name", "layered-" + LAYERS * WIDTH);
        root.put("schemaVersion", schemaVersion);
        ObjectNode workflow = root.putObject("workflow");
        if (schemaVersion.equals("1.5")) {
            ObjectNode spec = workflow.putObject("specification");
            ArrayNode tasks = spec.putArray("tasks");
            ArrayNode files = spec.putArray("files");
            for (int l = 0; l < LAYERS; l++) {
                for (int k = 0; k < WIDTH; k++) {
                    ObjectNode t = tasks.addObject();
                    t.put("name", "stage" + l);
                    t.put("id", id(l, k));
                    ArrayNode parents = t.putArray("parents");
                    ArrayNode children = t.putArray("children");
                    ArrayNode in = t.putArray("inputFiles");
                    if (l == 0) {
                        in.add("input_" + k + ".dat");
                        files.addObject().put("id", "input_" + k + ".dat").put("sizeInBytes", 1000 + k);
                    } else {
                        parents.add(id(l - 1, k)).add(id(l - 1, (k + 1) % WIDTH));
                        in.add("out_" + id(l - 1, k)).add("out_" + id(l - 1, (k + 1) % WIDTH));
                    }
                    if (l + 1 < LAYERS) {
                        children.add(id(l + 1, k)).add(id(l + 1, (k + WIDTH - 1) % WIDTH));
                    }
                    t.putArray("outputFiles").add("out_" + id(l, k));
                    files.addObject().put("id", "out_" + id(l, k)).put("sizeInBytes", 10_000L * (l + 1) + k);
                }
            }
            ObjectNode execution = workflow.putObject("execution");
            execution.put("makespanInSeconds", 1234.5).put("executedAt", "2024-01-01T00:00:00Z");
            ArrayNode runs = execution.putArray("tasks");
            for (int i = LAYERS * WIDTH - 1; i >= 0; i--) {
                runs.addObject().put("id", id(i / WIDTH, i % WIDTH)).put("runtimeInSeconds", 0.5 + i % 7)
                        .put("avgCPU", 99.0).put("memoryInBytes", 123456789L);
            }
        } else {
            workflow.put("makespanInSeconds", 1234.5).put("executedAt", "2024-01-01T00:00:00Z");
            ArrayNode tasks = workflow.putArray("tasks");
            for (int l = 0; l < LAYERS; l++) {
                for (int k = 0; k < WIDTH; k++) {
                    ObjectNode t = tasks.addObject();
                    t.put("name", id(l, k)); // Pegasus style: unique names, parents by name
                    t.put("type", "compute");
                    t.put("runtimeInSeconds", 0.5 + (l * WIDTH + k) % 7);
                    ArrayNode parents = t.putArray("parents");
                    ArrayNode files = t.putArray("files");
                    if (l == 0) {
                        files.addObject().put("name", "input_" + k + ".dat").put("sizeInBytes", 1000 + k).put("link", "input");
                    } else {
                        for (int p : new int[] {k, (k + 1) % WIDTH}) {
                            parents.add(id(l - 1, p));
                            files.addObject().put("name", "out_" + id(l - 1, p))
                                    .put("sizeInBytes", 10_000L * l + p).put("link", "input");
                        }
                    }
                    files.addObject().put("name", "out_" + id(l, k)).put("sizeInBytes", 10_000L * (l + 1) + k)
                            .put("link", "output");
                }
            }
        }
        Path file = dir.resolve("layered-" + schemaVersion + ".json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }

    @Test
    void twoThousandTasks15(@TempDir Path dir) throws Exception {
        check(writeTrace(dir, "1.5"));
    }

    @Test
    void twoThousandTasks14(@TempDir Path dir) throws Exception {
        check(writeTrace(dir, "1.4"));
    }

    private static void check(Path trace) throws Exception {
        assertTrue(Files.size(trace) > 500_000, "a realistically large document");
        long start = System.nanoTime();
        ImportResult result = WfCommonsImporter.importDetailed(trace);
        long importMillis = (System.nanoTime() - start) / 1_000_000;
        Workflow wf = result.workflow();
        System.out.println("imported " + trace.getFileName() + " (" + Files.size(trace) / 1024 + " KiB, "
                + wf.size() + " tasks) in " + importMillis + " ms");

        assertEquals("layered-2000", wf.name());
        assertEquals(LAYERS * WIDTH, wf.size());
        assertEquals((LAYERS - 1) * WIDTH * 2, wf.edgeCount());
        assertEquals(0, result.dataEdges());
        assertEquals(WIDTH, wf.globalInputs().size());
        assertEquals(WIDTH, wf.startFunctions().size());
        assertEquals(WIDTH, wf.sinkFunctions().size());
        assertEquals(LAYERS * WIDTH, wf.topologicalOrder().length);
        assertEquals(1000L + 42, wf.globalInputs().get("input_42.dat").size());

        FunctionDef t = wf.function(id(7, 99));
        assertEquals(0.5 + (7 * WIDTH + 99) % 7, t.runtime());
        assertEquals(List.of(id(6, 99), id(6, 0)), List.copyOf(t.inputs().keySet()).stream()
                .map(k -> k.substring("out_".length())).toList());
        DataSpec wrap = t.inputs().get("out_" + id(6, 0));
        assertEquals(id(6, 0), wrap.value().function());
        assertEquals(10_000L * 7, wrap.size());
        assertEquals(10_000L * 8 + 99, t.outputBytes());
        assertEquals(List.of(id(8, 98), id(8, 99)), wf.successorNames(id(7, 99)));

        String yaml = WfCommonsImporter.importToYaml(trace);
        Workflow back = WorkflowLoader.parse("layered.yaml", wf.name(), yaml);
        assertEquals(WfCommonsImporterTest.withoutImages(wf), WfCommonsImporterTest.withoutImages(back));
        // 20 programs (one per layer): the 2,000 tasks share 20 sources.
        assertEquals(LAYERS, wf.functions().stream().map(FunctionDef::source).distinct().count());
    }
}
