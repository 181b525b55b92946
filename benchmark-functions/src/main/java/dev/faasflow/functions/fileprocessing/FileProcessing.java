package dev.faasflow.functions.fileprocessing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.functions.FaasFunction;
import dev.faasflow.functions.FunctionContext;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.Json;

import java.nio.charset.StandardCharsets;

/**
 * The FileProcessing benchmark, as real code.
 * <ul>
 *   <li>{@code start}: reads the global input {@code filename} and writes {@code file}, a Markdown document
 *       generated from the name ({@link MarkdownGenerator}); its size is the declared size of {@code file}
 *       (about 29.6 MB) unless the global input {@code size_bytes} says otherwise;</li>
 *   <li>{@code conversion}: Markdown → HTML ({@link Markdown}) → {@code html}, a complete document;</li>
 *   <li>{@code sentiment}: lexicon score ({@link Sentiment}) → {@code score}, a JSON number in [−1, 1];</li>
 *   <li>{@code upload}: reads {@code html} and {@code score} and checks them (it declares no outputs).</li>
 * </ul>
 * Each pads its run to {@code runtimeSeconds × timeScale} when the real work took less.
 */
public final class FileProcessing {
    public static final String WORKFLOW = "fileprocessing";
    public static final long DEFAULT_SIZE = 29_600_094;
    public static final String DEFAULT_FILENAME = "document.md";

    private FileProcessing() {
    }

    public static void register(FunctionRegistry registry) {
        registry.register(WORKFLOW, "start", "fileprocessing_start", new Start());
        registry.register(WORKFLOW, "conversion", "fileprocessing_conversion", new Conversion());
        registry.register(WORKFLOW, "sentiment", "fileprocessing_sentiment", new SentimentScore());
        registry.register(WORKFLOW, "upload", "fileprocessing_upload", new Upload());
    }

    /** Generates the Markdown document for the file name. */
    public static final class Start implements FaasFunction {
        @Override
        public void run(FunctionContext ctx) throws Exception {
            String filename = ctx.request().inputNamed("filename") != null
                    ? text(ctx.fetch("filename"))
                    : ctx.inputText("filename", DEFAULT_FILENAME);
            long declared = ctx.declaredSize("file");
            long size = ctx.inputLong("size_bytes", declared > 0 ? declared : DEFAULT_SIZE);
            ctx.put("file", MarkdownGenerator.bytes(filename, size));
            ctx.padToScaledRuntime();
        }
    }

    /** Converts the document to HTML. */
    public static final class Conversion implements FaasFunction {
        @Override
        public void run(FunctionContext ctx) throws Exception {
            String markdown = ctx.fetchString("file");
            String title = firstHeading(markdown);
            ctx.put("html", Markdown.toHtmlDocument(title, markdown).getBytes(StandardCharsets.UTF_8));
            ctx.padToScaledRuntime();
        }
    }

    /** Scores the document's sentiment. */
    public static final class SentimentScore implements FaasFunction {
        @Override
        public void run(FunctionContext ctx) throws Exception {
            ctx.putJson("score", Sentiment.score(ctx.fetchString("file")));
            ctx.padToScaledRuntime();
        }
    }

    /** Checks the converted document and the score. */
    public static final class Upload implements FaasFunction {
        @Override
        public void run(FunctionContext ctx) throws Exception {
            byte[] html = ctx.fetch("html");
            String head = new String(html, 0, Math.min(html.length, 64), StandardCharsets.UTF_8);
            String tail = new String(html, Math.max(0, html.length - 16), Math.min(html.length, 16),
                    StandardCharsets.UTF_8);
            if (!head.startsWith("<!DOCTYPE html>") || !tail.strip().endsWith("</html>")) {
                throw new IllegalStateException("html is not a complete HTML document (" + html.length + " bytes)");
            }
            JsonNode score = ctx.fetchJson("score");
            if (score == null || !score.isNumber() || score.doubleValue() < -1 || score.doubleValue() > 1) {
                throw new IllegalStateException("score must be a number in [-1, 1], got " + score);
            }
            ctx.padToScaledRuntime();
        }
    }

    /** A stored global input: the text of a JSON string, else the bytes as UTF-8. */
    static String text(byte[] value) {
        try {
            JsonNode node = Json.MAPPER.readTree(value);
            if (node != null && node.isTextual()) {
                return node.asText();
            }
        } catch (Exception notJson) {
            // raw text
        }
        return new String(value, StandardCharsets.UTF_8).strip();
    }

    /** The text of the first {@code #} heading, or "document". */
    static String firstHeading(String markdown) {
        int i = 0;
        int limit = Math.min(markdown.length(), 4096);
        while (i < limit) {
            int nl = markdown.indexOf('\n', i);
            String line = markdown.substring(i, nl < 0 ? markdown.length() : nl);
            if (line.startsWith("# ")) {
                return line.substring(2).strip();
            }
            if (nl < 0) {
                break;
            }
            i = nl + 1;
        }
        return "document";
    }
}
