package dev.faasflow.functions.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Video and IllegalRecognizer bodies drive their switches and foreach from the global inputs. */
class BenchmarkSwitchTest {

    private static boolean flagAfter(String function, String imageName) {
        String inv = TestEnv.invocation();
        ObjectNode input = TestEnv.json("{}").put("image_name", imageName).put("user_name", "ann");
        TestEnv.STORE.put(inv, "image_name", TestEnv.jsonBytes(imageName));
        TestEnv.STORE.put(inv, "user_name", TestEnv.jsonBytes("ann"));
        TestEnv.STORE.put(inv, "translated_text", TestEnv.jsonBytes("words"));
        JsonNode response = TestEnv.ok(TestEnv.request("illgal_recognizer", function, inv).input(input).build());
        assertEquals("recognizer_" + function, response.get("implementation").asText());
        JsonNode flag = TestEnv.stored(inv, "illegal_flag");
        assertTrue(flag.isBoolean(), "illegal_flag must be a JSON boolean: " + flag);
        return flag.asBoolean();
    }

    @Test
    void illegalFlagsFollowTheImageName() {
        for (String f : List.of("upload", "adult", "violence")) {
            assertEquals(false, flagAfter(f, "cat.jpg"), f);
            assertEquals(true, flagAfter(f, "adult.jpg"), f);
            assertEquals(true, flagAfter(f, "violence.png"), f);
            assertEquals(false, flagAfter(f, "text.jpg"), f);
        }
        assertEquals(false, flagAfter("word_censor", "cat.jpg"));
        assertEquals(true, flagAfter("word_censor", "text.jpg"));
    }

    @Test
    void imageNameIsReadFromTheStoreWhenTheRequestHasNoGlobalInput() {
        String inv = TestEnv.invocation();
        TestEnv.STORE.put(inv, "image_name", TestEnv.jsonBytes("TEXT.jpg"));
        TestEnv.STORE.put(inv, "translated_text", TestEnv.jsonBytes("words"));
        TestEnv.ok(TestEnv.request("illgal_recognizer", "word_censor", inv).build());
        assertEquals(true, TestEnv.stored(inv, "illegal_flag").asBoolean());
        assertEquals("text", TestEnv.stored(inv, "illegal_reason").asText());
    }

    @Test
    void videoSplitFansOutSegmentsAndUploadCarriesTheSplitFlag() {
        for (boolean split : new boolean[] {true, false}) {
            String inv = TestEnv.invocation();
            ObjectNode input = TestEnv.json("{\"video_name\": \"v.mp4\", \"user_name\": \"ann\", \"segment_time\": 10,"
                    + " \"target_type\": \"avi\", \"segments\": 5}").put("split", split);
            input.fields().forEachRemaining(e -> TestEnv.STORE.put(inv, e.getKey(), TestEnv.jsonBytes(e.getValue())));
            TestEnv.ok(TestEnv.request("video", "upload", inv).input(input).build());
            assertEquals(split, TestEnv.stored(inv, "split").asBoolean());
            TestEnv.ok(TestEnv.request("video", "split", inv).input(input).build());
            JsonNode keys = TestEnv.stored(inv, "split_keys");
            assertEquals(5, keys.size());
            assertEquals("segment-4", keys.get(4).asText());
            assertEquals(51_724_615, TestEnv.STORE.get(inv, "content").length);
        }
        String inv = TestEnv.invocation();
        ObjectNode input = TestEnv.json("{\"video_name\": \"v.mp4\", \"user_name\": \"ann\", \"segment_time\": 10}");
        input.fields().forEachRemaining(e -> TestEnv.STORE.put(inv, e.getKey(), TestEnv.jsonBytes(e.getValue())));
        TestEnv.ok(TestEnv.request("video", "split", inv).input(input).build());
        assertEquals(3, TestEnv.stored(inv, "split_keys").size(), "default segments");
    }
}
