package dev.faasflow.functions.fileprocessing;

import dev.faasflow.functions.benchmarks.GeneratedBytes;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A deterministic Markdown document for a file name: a title, then sections with headings, paragraphs with
 * emphasis, strong text, inline code, links and characters that need HTML escaping, bullet and numbered
 * lists, block quotes and fenced code, until the requested size is reached. Its wording mixes neutral,
 * positive and negative words, the balance depending on the name.
 */
public final class MarkdownGenerator {
    private static final String[] NEUTRAL = ("system report data file node cluster service request storage "
            + "memory network function workflow value result latency throughput schedule group input output "
            + "table figure section module design version release user team week process queue stage record "
            + "metric sample batch window region server client message event state task").split(" ");
    private static final String[] VERBS = ("shows describes measures moves stores reads writes keeps handles "
            + "returns runs starts ends sends builds checks tracks joins splits merges").split(" ");
    private static final String[] POS = ("good great excellent reliable fast smooth stable helpful clear "
            + "impressive efficient robust").split(" ");
    private static final String[] NEG = ("bad slow broken fragile confusing poor buggy unstable difficult "
            + "disappointing faulty").split(" ");
    private static final GeneratedBytes CACHE = new GeneratedBytes(4);

    private MarkdownGenerator() {
    }

    /** About {@code targetBytes} (at least one section) of Markdown for {@code name}. */
    public static String generate(String name, long targetBytes) {
        long seed = 0x9E3779B97F4A7C15L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            seed = (seed ^ b) * 0x100000001B3L;
        }
        SplittableRandom r = new SplittableRandom(seed);
        int positivePercent = 20 + r.nextInt(61); // the share of sentiment words that are positive
        StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, Math.max(0, targetBytes) + 4096));
        out.append("# Report on ").append(name).append("\n\n");
        int section = 0;
        do {
            section++;
            out.append("## Section ").append(section).append(": ").append(cap(pick(r, NEUTRAL))).append(' ')
                    .append(pick(r, NEUTRAL)).append("\n\n");
            int blocks = 3 + r.nextInt(4);
            for (int b = 0; b < blocks; b++) {
                switch (r.nextInt(7)) {
                    case 0 -> {
                        for (int k = 0, n = 2 + r.nextInt(4); k < n; k++) {
                            out.append("- ").append(sentence(r, positivePercent, false)).append('\n');
                        }
                    }
                    case 1 -> {
                        for (int k = 1, n = 2 + r.nextInt(4); k <= n; k++) {
                            out.append(k).append(". ").append(sentence(r, positivePercent, false)).append('\n');
                        }
                    }
                    case 2 -> out.append("> ").append(sentence(r, positivePercent, true)).append('\n');
                    case 3 -> out.append("```java\nint ").append(pick(r, NEUTRAL)).append(" = a < b && c > d ? ")
                            .append(r.nextInt(100)).append(" : 0; // \"fast\" & 'safe'\n```\n");
                    default -> {
                        for (int k = 0, n = 3 + r.nextInt(5); k < n; k++) {
                            out.append(sentence(r, positivePercent, true));
                            out.append(k % 2 == 1 ? '\n' : ' ');
                        }
                        out.append('\n');
                    }
                }
                out.append('\n');
            }
            if (section % 5 == 0) {
                out.append("---\n\n");
            }
        } while (out.length() < targetBytes);
        return out.toString();
    }

    /** {@link #generate} as UTF-8 bytes, shared between callers for the same arguments (read-only!). */
    public static byte[] bytes(String name, long targetBytes) {
        return CACHE.get(targetBytes + "/" + name, () -> generate(name, targetBytes));
    }

    private static String sentence(SplittableRandom r, int positivePercent, boolean markup) {
        StringBuilder s = new StringBuilder(96);
        s.append("The ").append(pick(r, NEUTRAL)).append(' ').append(pick(r, VERBS)).append(' ');
        int words = 3 + r.nextInt(8);
        for (int w = 0; w < words; w++) {
            String word = r.nextInt(4) == 0
                    ? (r.nextInt(100) < positivePercent ? pick(r, POS) : pick(r, NEG))
                    : pick(r, NEUTRAL);
            if (markup) {
                switch (r.nextInt(14)) {
                    case 0 -> word = "*" + word + "*";
                    case 1 -> word = "**" + word + "**";
                    case 2 -> word = "`" + word + "_" + r.nextInt(10) + "()`";
                    case 3 -> word = "[" + word + "](https://example.org/docs/" + r.nextInt(1000) + ")";
                    case 4 -> word = word + " & " + pick(r, NEUTRAL);
                    case 5 -> word = "<" + word + ">";
                    default -> {
                    }
                }
            }
            s.append(word).append(w == words - 1 ? "." : " ");
        }
        return s.toString();
    }

    private static String pick(SplittableRandom r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    private static String cap(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
