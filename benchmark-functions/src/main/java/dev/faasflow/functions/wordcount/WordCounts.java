package dev.faasflow.functions.wordcount;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word counting for WordCount. A word is a maximal run of letters, compared lower-case. The text is split
 * into {@code n} chunks by lines: chunk {@code i} holds lines {@code [i·L/n, (i+1)·L/n)} of the text's
 * {@code L} lines, so the chunks' counts add up to the count of the whole text.
 */
public final class WordCounts {
    private static final Pattern CHUNK_ID = Pattern.compile("chunk-(\\d+)");

    private WordCounts() {
    }

    /** The direct count of a whole text, word → occurrences, sorted by word. */
    public static TreeMap<String, Long> count(CharSequence text) {
        return count(text, 0, text.length());
    }

    /** The count of chunk {@code index} of {@code n}. */
    public static TreeMap<String, Long> countChunk(CharSequence text, int index, int n) {
        int[] bounds = chunkBounds(text, index, n);
        return count(text, bounds[0], bounds[1]);
    }

    /** The count of {@code text[from, to)}. */
    public static TreeMap<String, Long> count(CharSequence text, int from, int to) {
        Map<String, long[]> counts = new HashMap<>(4096);
        StringBuilder word = new StringBuilder(32);
        for (int i = from; i <= to; i++) {
            char c = i < to ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                word.append(Character.toLowerCase(c));
            } else if (word.length() > 0) {
                counts.computeIfAbsent(word.toString(), k -> new long[1])[0]++;
                word.setLength(0);
            }
        }
        TreeMap<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v[0]));
        return sorted;
    }

    /** The chunk ids of an {@code n}-chunk split: {@code chunk-0 … chunk-(n-1)}, the foreach keys. */
    public static List<String> chunkIds(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add("chunk-" + i);
        }
        return ids;
    }

    /** The chunk index an element names ({@code "chunk-2"} or the number 2), or {@code fallback}. */
    public static int chunkIndex(JsonNode element, int fallback) {
        if (element == null) {
            return fallback;
        }
        if (element.isIntegralNumber()) {
            return element.intValue();
        }
        Matcher m = CHUNK_ID.matcher(element.asText());
        return m.matches() ? Integer.parseInt(m.group(1)) : fallback;
    }

    /** Character offsets {@code [start, end)} of chunk {@code index} of {@code n}. */
    public static int[] chunkBounds(CharSequence text, int index, int n) {
        if (n < 1 || index < 0 || index >= n) {
            throw new IllegalArgumentException("chunk " + index + " of " + n + " does not exist");
        }
        int len = text.length();
        int lines = 0;
        for (int i = 0; i < len; i++) {
            if (i == 0 || text.charAt(i - 1) == '\n') {
                lines++;
            }
        }
        int[] starts = new int[lines + 1];
        int k = 0;
        for (int i = 0; i < len; i++) {
            if (i == 0 || text.charAt(i - 1) == '\n') {
                starts[k++] = i;
            }
        }
        starts[lines] = len;
        int first = (int) ((long) index * lines / n);
        int last = (int) ((long) (index + 1) * lines / n);
        return new int[] {starts[first], starts[last]};
    }
}
