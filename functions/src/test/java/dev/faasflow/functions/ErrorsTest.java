package dev.faasflow.functions;

import dev.faasflow.contract.RunRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsTest {
    private static final String VALID = """
            {"workflow": "custom", "invocation": "inv-e", "function": "f", "source": "f",
             "store": "%s", "destination": "MEM", "timeScale": 0,
             "inputs": [], "outputs": [{"name": "o", "type": "normal", "size": 1, "from": null}]}
            """;

    private static TestEnv.Reply post(String body) {
        return TestEnv.post(TestEnv.PORT, "/v1/run", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertBadField(String body, String field) {
        TestEnv.Reply r = post(body);
        assertEquals(400, r.status(), r.body().toString());
        assertTrue(r.error().contains("'" + field + "'"), r.error());
        assertEquals(field, r.body().path("field").asText());
        assertNoStackTrace(r);
    }

    private static void assertNoStackTrace(TestEnv.Reply r) {
        assertFalse(r.body().toString().contains("\\tat "), r.body().toString());
        assertFalse(r.body().toString().contains(".java:"), r.body().toString());
    }

    @Test
    void theValidBodySucceeds() {
        TestEnv.Reply r = post(VALID.formatted(TestEnv.STORE_URL));
        assertEquals(200, r.status(), r.body().toString());
    }

    @Test
    void malformedRequestsAre400NamingTheField() {
        String valid = VALID.formatted(TestEnv.STORE_URL);
        TestEnv.Reply notJson = post("{\"workflow\": ");
        assertEquals(400, notJson.status());
        assertTrue(notJson.error().contains("not valid JSON"), notJson.error());
        assertNoStackTrace(notJson);

        // The runtime answers the contract's violations as 400 naming the field (each field's rule is
        // checked in the contract module's RunRequestTest).
        assertBadField("[1, 2]", "$");
        assertBadField(valid.replace("\"invocation\": \"inv-e\",", ""), "invocation");
        assertBadField(valid.replace("\"size\": 1", "\"size\": \"big\""), "outputs[0].size");
    }

    @Test
    void aThrowingFunctionIs500NamingTheFunction() {
        RunRequest boom = new RunRequest("test", TestEnv.invocation(), "exploder", "boom", null, null, null, null, 0,
                0, TestEnv.STORE_URL, "MEM", List.of(), List.of(), null);
        TestEnv.Reply r = TestEnv.run(boom);
        assertEquals(500, r.status());
        assertEquals("exploder: exploded on purpose", r.error());
        assertNoStackTrace(r);

        TestEnv.Reply instance = TestEnv.run(boom.withInstance(2, 3, null));
        assertEquals("exploder#2: exploded on purpose", instance.error());
    }

    @Test
    void aMissingInputIs500NamingKeyAndInvocation() {
        String inv = TestEnv.invocation();
        TestEnv.Reply r = TestEnv.run(TestEnv.request("wordcount", "count", inv)
                .foreach(0, 3, Json.MAPPER.getNodeFactory().textNode("chunk-0")).build());
        assertEquals(500, r.status());
        assertTrue(r.error().startsWith("count#0: no value for key 'file' in invocation '" + inv + "'"), r.error());
    }

    @Test
    void undeclaredInputsAndOutputsAreRefusedByTheSdk() {
        RunRequest request = new RunRequest("test", TestEnv.invocation(), "f", "undeclared", null, null, null, null,
                0, 0, TestEnv.STORE_URL, "MEM", List.of(), List.of(), null);
        TestEnv.REGISTRY.register("test/undeclared", ctx -> ctx.putString("nope", "x"));
        TestEnv.Reply r = TestEnv.run(request);
        assertEquals(500, r.status());
        assertEquals("f: no declared output 'nope' (declared: )", r.error());
    }

    @Test
    void unknownImplementationInStrictModeIs404() {
        RunRequest request = new RunRequest("custom", TestEnv.invocation(), "f", "nothing", "no_such_image", null,
                null, null, 0, 0, TestEnv.STORE_URL, "MEM", List.of(), List.of(), null);
        TestEnv.Reply strict = TestEnv.run(TestEnv.STRICT_PORT, request);
        assertEquals(404, strict.status());
        assertTrue(strict.error().contains("no_such_image") && strict.error().contains("custom/nothing"),
                strict.error());
        // strict still serves registered names, including the scientific workflows' wildcard
        RunRequest known = TestEnv.request("wordcount", "start", TestEnv.invocation())
                .input(TestEnv.json("{\"size_bytes\": 1000}")).build();
        assertEquals(200, TestEnv.run(TestEnv.STRICT_PORT, known).status());
        // the lenient server falls back to replay
        assertEquals(200, TestEnv.run(request).status());
    }

    @Test
    void healthFunctionsAndUnknownPaths() {
        TestEnv.Reply health = TestEnv.get(TestEnv.PORT, "/v1/health");
        assertEquals(200, health.status());
        assertEquals("UP", health.body().get("status").asText());

        TestEnv.Reply functions = TestEnv.get(TestEnv.STRICT_PORT, "/v1/functions");
        assertEquals(200, functions.status());
        String names = functions.body().get("functions").toString();
        for (String name : List.of("replay", "wc_start", "wordcount/count", "fileprocessing/conversion",
                "video_split", "illgal_recognizer/word_censor", "recognizer_adult", "genome/*")) {
            assertTrue(names.contains("\"" + name + "\""), name + " in " + names);
        }
        assertTrue(functions.body().get("strict").asBoolean());
        assertTrue(functions.body().get("fallback").isNull());
        assertEquals("replay", TestEnv.get(TestEnv.PORT, "/v1/functions").body().get("fallback").asText());

        TestEnv.Reply missing = TestEnv.get(TestEnv.PORT, "/v2/nothing");
        assertEquals(404, missing.status());
        assertTrue(missing.error().contains("/v2/nothing"));
    }
}
