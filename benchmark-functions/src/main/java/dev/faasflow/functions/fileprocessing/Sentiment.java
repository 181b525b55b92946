package dev.faasflow.functions.fileprocessing;

import java.util.Locale;
import java.util.Set;

/**
 * A small lexicon-based sentiment score: {@code (positive − negative) / (positive + negative)} over the
 * words of a text, in [−1, 1] (0 when no sentiment word occurs). A sentiment word right after a negation
 * ("not", "never", "no", …) counts for the opposite polarity.
 */
public final class Sentiment {
    static final Set<String> POSITIVE = Set.of(
            "good", "great", "excellent", "happy", "joy", "joyful", "love", "loved", "lovely", "wonderful",
            "pleasant", "success", "successful", "brilliant", "delight", "delightful", "nice", "positive",
            "benefit", "beneficial", "improve", "improved", "improvement", "win", "winning", "hope", "hopeful",
            "calm", "bright", "praise", "kind", "friendly", "strong", "clear", "fresh", "beautiful", "amazing",
            "awesome", "glad", "enjoy", "enjoyed", "fortunate", "superb", "perfect", "reliable", "helpful",
            "impressive", "elegant", "thriving", "favorable", "efficient", "smooth", "cheerful", "trust", "safe",
            "gain", "fast", "robust", "stable", "easy", "best", "better", "fantastic", "pleased", "proud");
    static final Set<String> NEGATIVE = Set.of(
            "bad", "terrible", "awful", "sad", "hate", "hated", "poor", "horrible", "failure", "fail", "failed",
            "broken", "angry", "worse", "worst", "negative", "loss", "lose", "lost", "pain", "painful", "ugly",
            "slow", "weak", "fear", "afraid", "problem", "problems", "wrong", "error", "errors", "crash",
            "disaster", "miserable", "annoying", "boring", "difficult", "hurt", "damage", "damaged", "danger",
            "dangerous", "unfortunately", "unhappy", "dreadful", "gloomy", "toxic", "buggy", "risk", "decline",
            "worry", "worried", "stuck", "confusing", "fragile", "unstable", "outage", "regret", "disappointing",
            "disappointed", "useless", "fault", "faulty");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "neither", "nor", "without",
            "hardly", "cannot");

    private Sentiment() {
    }

    /** The sentiment score of a text, in [−1, 1]. */
    public static double score(CharSequence text) {
        long[] counts = counts(text);
        long total = counts[0] + counts[1];
        return total == 0 ? 0.0 : (double) (counts[0] - counts[1]) / total;
    }

    /** {positive, negative} word occurrences (after negation). */
    public static long[] counts(CharSequence text) {
        long pos = 0;
        long neg = 0;
        boolean negated = false;
        StringBuilder word = new StringBuilder(24);
        int len = text.length();
        for (int i = 0; i <= len; i++) {
            char c = i < len ? text.charAt(i) : ' ';
            if (Character.isLetter(c)) {
                word.append(c);
                continue;
            }
            if (word.length() == 0) {
                if (c == '.' || c == '!' || c == '?' || c == '\n') {
                    negated = false; // a negation does not cross sentences
                }
                continue;
            }
            String w = word.toString().toLowerCase(Locale.ROOT);
            word.setLength(0);
            int polarity = POSITIVE.contains(w) ? 1 : NEGATIVE.contains(w) ? -1 : 0;
            if (polarity != 0) {
                if (negated) {
                    polarity = -polarity;
                }
                if (polarity > 0) {
                    pos++;
                } else {
                    neg++;
                }
                negated = false;
            } else {
                negated = NEGATIONS.contains(w) || (negated && (w.equals("very") || w.equals("so")
                        || w.equals("too") || w.equals("at") || w.equals("all")));
            }
            if (c == '.' || c == '!' || c == '?' || c == '\n') {
                negated = false;
            }
        }
        return new long[] {pos, neg};
    }
}
