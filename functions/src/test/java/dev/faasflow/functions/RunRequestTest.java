package dev.faasflow.functions;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunRequestTest {

    @Test
    void contractExampleParsesAndRoundTrips() throws Exception {
        String example = """
                {
                  "workflow": "video", "invocation": "inv-5f3c2a", "function": "transcode", "source": "transcode",
                  "image": "video_transcode", "instance": 1, "instances": 3, "element": "segment-1",
                  "runtimeSeconds": 1.74, "timeScale": 0.01, "store": "http://127.0.0.1:41001",
                  "destination": "MEM",
                  "inputs": [
                    {"name": "split_keys", "key": "split_keys", "type": "key", "size": 8, "instances": null},
                    {"name": "content", "key": "content", "type": "pass", "size": 51724615, "instances": null}
                  ],
                  "outputs": [{"name": "content", "type": "pass", "size": 22694084, "from": null}],
                  "input": {"video_name": "sample.mp4", "split": true}
                }""";
        RunRequest r = RunRequest.parse(Json.MAPPER.readTree(example));
        assertEquals(1, r.instance());
        assertEquals("segment-1", r.element().asText());
        assertEquals(51724615, r.inputNamed("content").size());
        assertNull(r.inputNamed("content").instances());
        assertEquals(0.01, r.timeScale());
        assertEquals("transcode#1", r.displayName());
        JsonNode json = r.toJson();
        assertEquals(r, RunRequest.parse(json));
        assertEquals(Json.MAPPER.readTree(example), Json.MAPPER.readTree(json.toString()));
    }

    @Test
    void builderFromTheWorkflowSetsKeysInstancesAndPassThroughs() {
        RunRequest merge = TestEnv.request("wordcount", "merge", "inv").foreachWidth("count", 4).build();
        assertEquals(4, merge.inputNamed("wordcount").instances());
        assertNull(merge.inputNamed("filename").instances());
        assertEquals("wc_merge", merge.image());
        assertEquals(0.05, merge.runtimeSeconds());

        RunRequest upload = TestEnv.request("video", "upload", "inv").build();
        assertEquals("video_name", upload.outputNamed("video_name").from());
        assertNull(upload.outputNamed("gif").from());
        assertEquals(4_439_111, upload.outputNamed("gif").size());
    }
}
