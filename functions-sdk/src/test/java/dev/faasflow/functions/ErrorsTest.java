package dev.faasflow.functions;

import dev.faasflow.functions.testing.TestServers;
import dev.faasflow.contract.RunRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the server answers to bad requests and failing functions: the contract's status and one-line error. */
class ErrorsTest {
    private static final String VALID = """
            {"workflow": "custom", "invocation": "inv-e", "function": "f", "source": "silent-source",
             "store": "%s", "destination": "MEM", "timeScale": 0,
             "inputs": [], "outputs": [{"name": "o", "type": "normal", "size": 1, "from": null}]}
            """;

    private static TestServers.Reply post(String body) {
        return TestServers.send(TestEnv.SERVERS.port(), "POST", "/v1/run", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertBadField(String body, String field) {
        TestServers.Reply r = post(body);
        assertEquals(400, r.status(), r.body().toString());
        assertTrue(r.error().contains("'" + field + "'"), r.error());
        assertEquals(field, r.body().path("field").asText());
        assertNoStackTrace(r);
    }

    private static void assertNoStackTrace(TestServers.Reply r) {
        assertFalse(r.body().toString().contains("\\tat "), r.body().toString());
        assertFalse(r.body().toString().contains(".java:"), r.body().toString());
    }

    @Test
    void theValidBodySucceedsThroughTheFallback() {
        TestServers.Reply r = post(VALID.formatted(TestEnv.STORE_URL));
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("silent", r.body().get("implementation").asText());
    }

    @Test
    void malformedRequestsAre400NamingTheField() {
        String valid = VALID.formatted(TestEnv.STORE_URL);
        TestServers.Reply notJson = post("{\"workflow\": ");
        assertEquals(400, notJson.status());
        assertTrue(notJson.error().contains("not valid JSON"), notJson.error());
        assertNoStackTrace(notJson);
        TestServers.Reply empty = post("");
        assertEquals(400, empty.status());
        assertTrue(empty.error().contains("empty body"), empty.error());

        // The server answers the contract's violations as 400 naming the field (each field's rule is checked in
        // the contract module's RunRequestTest).
        assertBadField("[1, 2]", "$");
        assertBadField(valid.replace("\"invocation\": \"inv-e\",", ""), "invocation");
        assertBadField(valid.replace("\"size\": 1", "\"size\": \"big\""), "outputs[0].size");
        assertBadField(valid.replace(TestEnv.STORE_URL, "ftp://elsewhere"), "store");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        try (FunctionServer small = new FunctionServer(TestEnv.REGISTRY, new FunctionServerOptions().maxRequestBytes(64))) {
            int port = small.start("127.0.0.1", 0);
            TestServers.Reply r = TestServers.send(port, "POST", "/v1/run",
                    VALID.formatted(TestEnv.STORE_URL).getBytes(StandardCharsets.UTF_8));
            assertEquals(413, r.status());
            assertEquals("request body larger than 64 bytes", r.error());
        }
    }

    @Test
    void aThrowingFunctionIs500NamingTheFunction() {
        RunRequest boom = TestEnv.request("boom", TestEnv.invocation(), List.of(), List.of());
        TestServers.Reply r = TestEnv.run(boom);
        assertEquals(500, r.status());
        assertEquals("boom-fn: exploded on purpose", r.error());
        assertNoStackTrace(r);

        TestServers.Reply instance = TestEnv.run(boom.withInstance(2, 3, null));
        assertEquals("boom-fn#2: exploded on purpose", instance.error());
    }

    @Test
    void aMissingInputIs500NamingKeyAndInvocation() {
        String inv = TestEnv.invocation();
        TestServers.Reply r = TestEnv.run(TestEnv.request("copy", inv,
                List.of(new RunRequest.Input("original", "never-written", "normal", 1, null)),
                List.of(new RunRequest.Output("copy", "normal", 1, null))));
        assertEquals(500, r.status());
        assertTrue(r.error().startsWith("copy-fn: no value for key 'never-written' in invocation '" + inv + "'"),
                r.error());
    }

    @Test
    void undeclaredOutputsAndMalformedKeyListsAreRefusedByTheSdk() {
        TestServers.Reply r = TestEnv.run(TestEnv.request("undeclared", TestEnv.invocation(), List.of(), List.of()));
        assertEquals(500, r.status());
        assertEquals("undeclared-fn: no declared output 'nope' (declared: )", r.error());

        String inv = TestEnv.invocation();
        RunRequest keys = TestEnv.request("keys", inv, List.of(), List.of(new RunRequest.Output("names", "keys", 8, null)));
        for (String[] bad : new String[][] {{"{\"a\": 1}", "got object"}, {"\"ada\"", "got string"},
            {"not json", "it is not JSON"}}) {
            RunRequest request = new RunRequest(keys.workflow(), inv, keys.function(), keys.source(), null, null, null,
                    null, 0, 0, keys.store(), "DB", keys.inputs(), keys.outputs(),
                    Json.MAPPER.createObjectNode().put("value", bad[0]));
            TestServers.Reply refused = TestEnv.run(request);
            assertEquals(500, refused.status());
            assertTrue(refused.error().startsWith("keys-fn: output 'names' is of type keys, so its value must be a "
                    + "JSON list") && refused.error().contains(bad[1]), refused.error());
        }
        assertEquals(null, TestEnv.stored(inv, "names"), "a refused value is not stored");
        RunRequest good = new RunRequest(keys.workflow(), inv, keys.function(), keys.source(), null, null, null, null,
                0, 0, keys.store(), "DB", keys.inputs(), keys.outputs(),
                Json.MAPPER.createObjectNode().put("value", "[\"ada\", \"grace\"]"));
        assertEquals(200, TestEnv.run(good).status());
        assertEquals("[\"ada\", \"grace\"]", new String(TestEnv.stored(inv, "names"), StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownImplementationIs404NamingWhatWasTried() {
        RunRequest request = new RunRequest("custom", TestEnv.invocation(), "f", "nothing", "no_such_image", null,
                null, null, 0, 0, TestEnv.STORE_URL, "MEM", List.of(), List.of(), null);
        TestServers.Reply strict = TestServers.run(TestEnv.SERVERS.strictPort(), request);
        assertEquals(404, strict.status());
        assertEquals("no implementation for function 'f' of workflow 'custom' (tried no_such_image, custom/nothing, "
                + "nothing, custom/*; the runtime is strict)", strict.error());
        // strict still serves registered names, the wildcard of a workflow among them
        RunRequest wildcard = new RunRequest("wild", TestEnv.invocation(), "g", "whatever", null, null, null, null, 0,
                0, TestEnv.STORE_URL, "MEM", List.of(), List.of(), null);
        TestServers.Reply served = TestServers.run(TestEnv.SERVERS.strictPort(), wildcard);
        assertEquals(200, served.status());
        assertEquals("wild/*", served.body().get("implementation").asText());
        // the other server falls back
        assertEquals(200, TestEnv.run(request).status());

        // without a fallback the error lists what the server has
        try (FunctionServer bare = new FunctionServer(new FunctionRegistry().register("greet", ctx -> { }))) {
            int port = bare.start("127.0.0.1", 0);
            TestServers.Reply none = TestServers.run(port, request);
            assertEquals(404, none.status());
            assertTrue(none.error().endsWith("(tried no_such_image, custom/nothing, nothing, custom/*; this server has "
                    + "only greet)"), none.error());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void healthFunctionsUnknownPathsAndMethods() {
        TestServers.Reply health = TestServers.send(TestEnv.SERVERS.port(), "GET", "/v1/health", null);
        assertEquals(200, health.status());
        assertEquals("UP", health.body().get("status").asText());
        assertEquals(0, health.body().get("running").asInt());

        TestServers.Reply functions = TestServers.send(TestEnv.SERVERS.strictPort(), "GET", "/v1/functions", null);
        assertEquals(200, functions.status());
        assertEquals(List.of("boom", "concat", "copy", "keys", "undeclared", "wild/*"),
                Json.MAPPER.convertValue(functions.body().get("functions"), List.class));
        assertTrue(functions.body().get("strict").asBoolean());
        assertTrue(functions.body().get("fallback").isNull());
        assertEquals("silent", TestServers.send(TestEnv.SERVERS.port(), "GET", "/v1/functions", null).body().get("fallback").asText());

        TestServers.Reply missing = TestServers.send(TestEnv.SERVERS.port(), "GET", "/v2/nothing", null);
        assertEquals(404, missing.status());
        assertEquals("no such endpoint: GET /v2/nothing", missing.error());
        TestServers.Reply wrongMethod = TestServers.send(TestEnv.SERVERS.port(), "GET", "/v1/run", null);
        assertEquals(405, wrongMethod.status());
        assertTrue(wrongMethod.error().startsWith("method not allowed: GET /v1/run"), wrongMethod.error());
    }
}
