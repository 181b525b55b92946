package dev.faasflow.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records against the documented contract: its examples, its defaults, and a clear error per bad field. */
class RunRequestTest {
    private static final String VALID = """
            {"workflow": "custom", "invocation": "inv-e", "function": "f", "source": "f",
             "store": "http://127.0.0.1:9", "destination": "MEM", "timeScale": 0,
             "inputs": [{"name": "i", "key": "k", "type": "pass", "size": 3, "instances": null}],
             "outputs": [{"name": "o", "type": "normal", "size": 1, "from": null}]}
            """;

    /** The JSON examples of docs/FUNCTION_CONTRACT.md, in order. */
    private static List<String> documentedExamples() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("faasflow.docs", "../docs"), "FUNCTION_CONTRACT.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static JsonNode json(String text) throws Exception {
        return ContractJson.MAPPER.readTree(text);
    }

    @Test
    void theDocumentedRequestParsesAndWritesBackTheSameJson() throws Exception {
        JsonNode example = json(documentedExamples().get(0));
        RunRequest r = RunRequest.parse(example);
        assertEquals("transcode#1", r.displayName());
        assertEquals("segment-1", r.element().asText());
        assertEquals(51724615, r.inputNamed("content").size());
        assertNull(r.inputNamed("content").instances());
        assertEquals(0.01, r.timeScale());
        assertEquals(example, json(new String(ContractJson.write(r))));
        assertEquals(r, RunRequest.parse(r.toJson()));
    }

    @Test
    void theDocumentedResponseIsARunResponse() throws Exception {
        JsonNode example = json(documentedExamples().get(1));
        RunResponse r = ContractJson.read(example.toString().getBytes(), RunResponse.class);
        assertEquals("transcode", r.function());
        assertEquals(51724623, r.bytesRead());
        assertEquals(1795999125018323L, r.endedAtMicros());
        JsonNode written = json(new String(ContractJson.write(r)));
        example.fieldNames().forEachRemaining(f -> assertEquals(example.get(f), written.get(f), f));
    }

    @Test
    void absentOptionalFieldsTakeTheContractsDefaults() throws Exception {
        RunRequest r = RunRequest.parse(json("""
                {"workflow": "w", "invocation": "i", "function": "f", "store": "http://h:1",
                 "inputs": [{"name": "a"}], "outputs": [{"name": "b", "size": -4}], "source": ""}"""));
        assertEquals(1.0, r.timeScale());
        assertEquals(0.0, r.runtimeSeconds());
        assertNull(r.source());
        assertNull(r.destination());
        assertEquals(new RunRequest.Input("a", "a", "normal", 0, null), r.inputs().get(0));
        assertEquals(0, r.outputs().get(0).size());
        assertTrue(r.input().isEmpty());
        assertEquals("DB+MEM", RunRequest.parse(json(VALID.replace("\"MEM\"", "\"db_mem\""))).destination());
    }

    private static void assertViolation(String body, String field) {
        ContractViolation e = assertThrows(ContractViolation.class, () -> RunRequest.parse(json(body)), body);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad request: field '" + field + "' "), e.getMessage());
    }

    @Test
    void eachBadFieldIsNamed() {
        assertViolation("[1, 2]", "$");
        assertViolation(VALID.replace("\"invocation\": \"inv-e\",", ""), "invocation");
        assertViolation(VALID.replace("\"function\": \"f\"", "\"function\": \"\""), "function");
        assertViolation(VALID.replace("\"invocation\": \"inv-e\"", "\"invocation\": 5"), "invocation");
        assertViolation(VALID.replace("\"store\": \"http://127.0.0.1:9\"", "\"store\": \"ftp://x\""), "store");
        assertViolation(VALID.replace("\"timeScale\": 0", "\"timeScale\": -1"), "timeScale");
        assertViolation(VALID.replace("\"timeScale\": 0", "\"timeScale\": \"1\""), "timeScale");
        assertViolation(VALID.replace("\"destination\": \"MEM\"", "\"destination\": \"DISK\""), "destination");
        assertViolation(VALID.replace("{\"name\": \"i\", ", "{"), "inputs[0].name");
        assertViolation(VALID.replace("\"key\": \"k\"", "\"key\": 7"), "inputs[0].key");
        assertViolation(VALID.replace("\"instances\": null", "\"instances\": 0"), "inputs[0].instances");
        assertViolation(VALID.replace("\"inputs\": [", "\"inputs\": {\"x\": ").replace("}],\n \"outputs\"", "}},\n \"outputs\""),
                "inputs");
        assertViolation(VALID.replace("\"type\": \"normal\"", "\"type\": \"blob\""), "outputs[0].type");
        assertViolation(VALID.replace("\"size\": 1", "\"size\": \"big\""), "outputs[0].size");
        assertViolation(VALID.replace("\"size\": 1", "\"size\": 1.5"), "outputs[0].size");
        assertViolation(VALID.replace("\"timeScale\": 0", "\"timeScale\": 0, \"instance\": \"1\", \"instances\": 2"),
                "instance");
        assertViolation(VALID.replace("\"timeScale\": 0", "\"timeScale\": 0, \"instance\": 3, \"instances\": 2"),
                "instance");
        assertViolation(VALID.replace("\"timeScale\": 0", "\"timeScale\": 0, \"input\": [1]"), "input");
    }

    @Test
    void aWrongTypeSaysWhatWasExpectedAndWhatCame() throws Exception {
        ContractViolation e = assertThrows(ContractViolation.class,
                () -> RunRequest.parse(json(VALID.replace("\"invocation\": \"inv-e\"", "\"invocation\": 5"))));
        assertEquals("bad request: field 'invocation' must be a string or null, got the number 5", e.getMessage());
    }
}
