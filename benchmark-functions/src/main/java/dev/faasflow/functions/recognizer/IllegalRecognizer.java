package dev.faasflow.functions.recognizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FunctionContext;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.Json;
import dev.faasflow.functions.ValueNotFoundException;
import dev.faasflow.functions.replay.ReplayFunction;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The IllegalRecognizer benchmark's functions (the workflow is spelled {@code illgal_recognizer}): replay
 * bodies whose {@code illegal_flag} outputs drive both switches deterministically from the global input
 * {@code image_name}. Every writer of the shared key {@code illegal_flag} computes it from the image name
 * alone, so the race between {@code adult} and {@code violence} (last writer wins) is harmless:
 * <ul>
 *   <li>{@code upload}, {@code adult}, {@code violence}: {@code true} iff the name contains "adult" or
 *       "violence" (case-insensitive);</li>
 *   <li>{@code word_censor}: {@code true} iff the name contains "text".</li>
 * </ul>
 * So "cat.jpg" takes extract → translate → word_censor → END; "adult.jpg" goes to mosaic at the first
 * switch; "text.jpg" takes the extract path and then mosaic at the second switch. Flags are JSON booleans;
 * {@code illegal_reason} is a JSON string ("adult", "violence", "text" or "none"); other outputs are replayed.
 */
public final class IllegalRecognizer {
    public static final String WORKFLOW = "illgal_recognizer";

    private IllegalRecognizer() {
    }

    public static void register(FunctionRegistry registry) {
        ReplayFunction replay = new ReplayFunction();
        Flagging image = new Flagging(IllegalRecognizer::imageIllegal, IllegalRecognizer::imageReason);
        registry.register(WORKFLOW, "upload", "recognizer_upload", image);
        registry.register(WORKFLOW, "adult", "recognizer_adult", image);
        registry.register(WORKFLOW, "violence", "recognizer_violence", image);
        registry.register(WORKFLOW, "word_censor", "recognizer_word_censor",
                new Flagging(IllegalRecognizer::textIllegal, name -> textIllegal(name) ? "text" : "none"));
        registry.register(WORKFLOW, "mosaic", "recognizer_mosaic", replay);
        registry.register(WORKFLOW, "extract", "recognizer_extract", replay);
        registry.register(WORKFLOW, "translate", "recognizer_translate", replay);
    }

    /** The image itself is illegal: the name contains "adult" or "violence". */
    public static boolean imageIllegal(String imageName) {
        String n = imageName.toLowerCase(Locale.ROOT);
        return n.contains("adult") || n.contains("violence");
    }

    /** Text in the image is illegal: the name contains "text". */
    public static boolean textIllegal(String imageName) {
        return imageName.toLowerCase(Locale.ROOT).contains("text");
    }

    static String imageReason(String imageName) {
        String n = imageName.toLowerCase(Locale.ROOT);
        return n.contains("adult") ? "adult" : n.contains("violence") ? "violence" : "none";
    }

    /**
     * The global input {@code image_name}: from the request's global inputs, else the stored value of key
     * {@code image_name}; "" when neither exists.
     */
    static String imageName(FunctionContext ctx) {
        String given = ctx.inputText("image_name", null);
        if (given != null) {
            return given;
        }
        try {
            byte[] stored = ctx.fetchKey("image_name");
            try {
                JsonNode node = Json.MAPPER.readTree(stored);
                if (node != null && node.isTextual()) {
                    return node.asText();
                }
            } catch (Exception notJson) {
                // a raw string
            }
            return new String(stored, StandardCharsets.UTF_8);
        } catch (ValueNotFoundException e) {
            return "";
        }
    }

    /** Replay that writes {@code illegal_flag} and {@code illegal_reason} from the image name. */
    static final class Flagging extends ReplayFunction {
        private final Predicate<String> illegal;
        private final java.util.function.Function<String, String> reason;

        Flagging(Predicate<String> illegal, java.util.function.Function<String, String> reason) {
            this.illegal = illegal;
            this.reason = reason;
        }

        @Override
        protected byte[] value(FunctionContext ctx, RunRequest.Output out) throws Exception {
            return switch (out.name()) {
                case "illegal_flag" -> json(illegal.test(imageName(ctx)));
                case "illegal_reason" -> json(reason.apply(imageName(ctx)));
                default -> super.value(ctx, out);
            };
        }
    }
}
