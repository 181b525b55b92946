package dev.faasflow.functions.wordcount;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.functions.FaasFunction;
import dev.faasflow.functions.FunctionContext;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The WordCount benchmark, as real code.
 * <ul>
 *   <li>{@code start}: generates the text ({@link TextGenerator}, about the declared size of {@code file}, or
 *       the global input {@code size_bytes}; seed from global input {@code seed}, default 1), writes it as
 *       {@code file} and the chunk ids {@code ["chunk-0", …]} as {@code filename} ({@code chunks} global input,
 *       default 3);</li>
 *   <li>{@code count} (foreach): counts the words of its chunk (element {@code "chunk-i"} of {@code n}
 *       instances, split by lines) → {@code wordcount}, a JSON object word → count;</li>
 *   <li>{@code merge}: sums the instances' counts → {@code result}:
 *       {@code {"chunks": n, "totalWords": t, "distinctWords": d, "counts": {word: count, …}}}.</li>
 * </ul>
 * Each pads its run to {@code runtimeSeconds × timeScale} when the real work took less.
 */
public final class WordCount {
    public static final String WORKFLOW = "wordcount";
    public static final int DEFAULT_CHUNKS = 3;
    public static final long DEFAULT_SIZE = 3_383_449;
    public static final int MAX_CHUNKS = 1000;

    private WordCount() {
    }

    public static void register(FunctionRegistry registry) {
        registry.register(WORKFLOW, "start", "wc_start", new Start());
        registry.register(WORKFLOW, "count", "wc_count", new Count());
        registry.register(WORKFLOW, "merge", "wc_merge", new Merge());
    }

    /** The text {@code start} produces for these global inputs (for tests and tools). */
    public static String text(long sizeBytes, long seed) {
        return new String(TextGenerator.bytes(sizeBytes, seed), StandardCharsets.UTF_8);
    }

    /** Generates the text and its chunk ids. */
    public static final class Start implements FaasFunction {
        @Override
        public void run(FunctionContext ctx) throws Exception {
            int chunks = ctx.inputInt("chunks", DEFAULT_CHUNKS);
            if (chunks < 1 || chunks > MAX_CHUNKS) {
                throw new IllegalArgumentException("global input 'chunks' must be in [1, " + MAX_CHUNKS + "], got "
                        + chunks);
            }
            long declared = ctx.declaredSize("file");
            long size = ctx.inputLong("size_bytes", declared > 0 ? declared : DEFAULT_SIZE);
            byte[] text = TextGenerator.bytes(size, ctx.inputLong("seed", 1));
            ctx.put("file", text);
            ctx.putJson("filename", WordCounts.chunkIds(chunks));
            ctx.padToScaledRuntime();
        }
    }

    /** Counts the words of one chunk. */
    public static final class Count implements FaasFunction {
        @Override
        public void run(FunctionContext ctx) throws Exception {
            String text = ctx.fetchString("file");
            int index = WordCounts.chunkIndex(ctx.element(), ctx.instance());
            ctx.putJson("wordcount", WordCounts.countChunk(text, index, ctx.instances()));
            ctx.padToScaledRuntime();
        }
    }

    /** Sums the chunks' counts. */
    public static final class Merge implements FaasFunction {
        private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
        };
        private static final TypeReference<List<String>> IDS = new TypeReference<>() {
        };

        @Override
        public void run(FunctionContext ctx) throws Exception {
            List<String> ids = ctx.fetchJson("filename", IDS);
            List<Map<String, Long>> parts = ctx.fetchJsonList("wordcount", COUNTS);
            if (parts.size() != ids.size()) {
                throw new IllegalStateException("got " + parts.size() + " word counts for " + ids.size() + " chunks");
            }
            TreeMap<String, Long> total = new TreeMap<>();
            long words = 0;
            for (Map<String, Long> part : parts) {
                for (Map.Entry<String, Long> e : part.entrySet()) {
                    total.merge(e.getKey(), e.getValue(), Long::sum);
                    words += e.getValue();
                }
            }
            ObjectNode result = Json.MAPPER.createObjectNode();
            result.put("chunks", ids.size());
            result.put("totalWords", words);
            result.put("distinctWords", total.size());
            result.set("counts", Json.MAPPER.valueToTree(total));
            ctx.putJson("result", result);
            ctx.padToScaledRuntime();
        }
    }
}
