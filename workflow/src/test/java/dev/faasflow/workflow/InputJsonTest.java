package dev.faasflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputJsonTest {
    private static final String WORKFLOW = """
            global_input:
              chunks: {type: pass, value: {function: INPUT, parameter: chunk_count}, size: 8}
            functions:
            - name: a
              input: {chunks: {value: {function: INPUT, parameter: chunk_count}}}
            """;

    private static Problem refusal(String text) {
        List<Problem> problems = assertThrows(WorkflowException.class, () -> InputJson.parseObject("--input", text)).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("--input", problems.get(0).file());
        return problems.get(0);
    }

    @Test
    void aPlainObjectReads() throws Exception {
        JsonNode n = InputJson.parseObject("--input", "{\"chunks\": 3, \"nested\": {\"a\": [1, 2]}}");
        assertEquals(3, n.get("chunks").asInt());
    }

    @Test
    void trailingContentIsRefused() {
        for (String text : List.of("{\"chunks\": 3} }}} garbage", "{\"chunks\": 3} {}", "{\"chunks\": 3} 1", "{}x")) {
            assertTrue(refusal(text).message().startsWith("unexpected content after the JSON object (line 1, column"),
                    text);
        }
        assertDoesNotThrow(() -> InputJson.parseObject("--input", " {\"chunks\": 3} \n\t"));
    }

    @Test
    void duplicateKeysAreRefusedAtAnyDepth() {
        assertTrue(refusal("{\"chunks\": 3, \"chunks\": 4}").message().contains("duplicate key 'chunks'"));
        assertTrue(refusal("{\"a\": {\"b\": 1, \"b\": 2}}").message().contains("duplicate key 'b'"));
    }

    @Test
    void invalidUtf8IsRefusedWithItsPosition() {
        byte[] body = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Problem p = assertThrows(WorkflowException.class, () -> InputJson.parseObject("request body", body)).problems().get(0);
        assertEquals("not valid UTF-8 (byte 13)", p.message());
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'};
        assertThrows(WorkflowException.class, () -> InputJson.parseObject("request body", overlong));
        byte[] utf8 = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        assertDoesNotThrow(() -> InputJson.parseObject("request body", utf8));
    }

    @Test
    void otherShapesAreRefused() {
        assertTrue(refusal("[1, 2]").message().contains("expected a JSON object, got array"));
        assertTrue(refusal("").message().contains("empty"));
        assertTrue(refusal("{\"a\": ").message().startsWith("not valid JSON"));
        assertTrue(refusal("{a: 1}").message().startsWith("not valid JSON (line 1, column 2)"));
        Problem deep = refusal("{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}");
        assertTrue(deep.message().contains("nested deeper than 64 levels (limit for input JSON)"), deep.message());
        Problem huge = refusal("{\"a\": {\"b\": [1, 1e400]}}");
        assertEquals("a.b[1]", huge.field());
    }

    @Test
    void largeInputsAreRefusedBeforeTheyAreRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[Limits.MAX_INPUT_BYTES + 1]);
        Problem p = assertThrows(WorkflowException.class, () -> InputJson.readObject(big)).problems().get(0);
        assertEquals(big.toString(), p.file());
        assertTrue(p.message().contains("limit for input JSON"), p.message());
        Problem missing = assertThrows(WorkflowException.class, () -> InputJson.readObject(dir.resolve("nope.json")))
                .problems().get(0);
        assertEquals("no such file", missing.message());
    }

    @Test
    void keysMustBeDeclaredUnlessTheCallerAllows() throws Exception {
        Workflow wf = WorkflowLoader.parse("w.yaml", "w", WORKFLOW);
        // Declared by its name or by the key it is stored under.
        assertDoesNotThrow(() -> InputJson.checkKeys("--input", wf, InputJson.parseObject("-", "{\"chunks\": 1}"), false, "?"));
        assertDoesNotThrow(() -> InputJson.checkKeys("--input", wf, InputJson.parseObject("-", "{\"chunk_count\": 1}"), false, "?"));
        JsonNode extra = InputJson.parseObject("-", "{\"chunks\": 1, \"segments\": 5, \"seed\": 7}");
        List<Problem> problems = assertThrows(WorkflowException.class,
                () -> InputJson.checkKeys("--input", wf, extra, false, "add --allow-unknown-inputs")).problems();
        assertEquals(List.of("segments", "seed"), problems.stream().map(Problem::field).toList());
        assertEquals("--input: field 'segments': not a global input of workflow w (it declares chunks); "
                + "add --allow-unknown-inputs", problems.get(0).toString());
        assertDoesNotThrow(() -> InputJson.checkKeys("--input", wf, extra, true, "?"));
    }
}
