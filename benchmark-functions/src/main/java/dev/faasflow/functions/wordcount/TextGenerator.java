package dev.faasflow.functions.wordcount;

import dev.faasflow.functions.benchmarks.GeneratedBytes;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-English text: sentences of common English words drawn with a skewed (Zipf-like)
 * frequency, wrapped into lines of at most 72 characters, paragraphs separated by blank lines. The same
 * seed and size always give the same text. Words are lower-case ASCII letters only (capitalised at the
 * start of a sentence), so counting is unambiguous.
 */
public final class TextGenerator {
    static final String[] WORDS = (
            "the of and to a in is it you that he was for on are with as his they be at one have this from "
                    + "or had by word but what some we can out other were all there when up use your how said an "
                    + "each she which do their time if will way about many then them write would like so these her "
                    + "long make thing see him two has look more day could go come did number sound no most people "
                    + "my over know water than call first who may down side been now find any new work part take "
                    + "get place made live where after back little only round man year came show every good me give "
                    + "our under name very through just form sentence great think say help low line differ turn "
                    + "cause much mean before move right boy old too same tell does set three want air well also "
                    + "play small end put home read hand port large spell add even land here must big high such "
                    + "follow act why ask men change went light kind off need house picture try us again animal "
                    + "point mother world near build self earth father head stand own page should country found "
                    + "answer school grow study still learn plant cover food sun four between state keep eye never "
                    + "last let thought city tree cross farm hard start might story saw far sea draw left late run "
                    + "while press close night real life few north open seem together next white children begin got "
                    + "walk example ease paper group always music those both mark often letter until mile river car "
                    + "feet care second book carry took science eat room friend began idea fish mountain stop once "
                    + "base hear horse cut sure watch color face wood main enough plain girl usual young ready above "
                    + "ever red list though feel talk bird soon body dog family direct pose leave song measure door "
                    + "product black short numeral class wind question happen complete ship area half rock order fire "
                    + "south problem piece told knew pass since top whole king space heard best hour better true "
                    + "during hundred five remember step early hold west ground interest reach fast verb sing listen "
                    + "six table travel less morning ten simple several vowel toward war lay against pattern slow "
                    + "center love person money serve appear road map rain rule govern pull cold notice voice unit "
                    + "power town fine certain fly fall lead cry dark machine note wait plan figure star box noun "
                    + "field rest correct able pound done beauty drive stood contain front teach week final gave "
                    + "green quick develop ocean warm free minute strong special mind behind clear tail produce fact "
                    + "street inch multiply nothing course stay wheel full force blue object decide surface deep moon "
                    + "island foot system busy test record boat common gold possible plane age dry wonder laugh "
                    + "thousand ago ran check game shape equate miss brought heat snow tire bring yes distant fill "
                    + "east paint language among").split(" ");

    private static final int MAX_LINE = 72;
    private static final GeneratedBytes CACHE = new GeneratedBytes(8);

    private TextGenerator() {
    }

    /** About {@code targetBytes} (at least one paragraph) of text for {@code seed}, as a String. */
    public static String text(long targetBytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 64, Math.max(0, targetBytes) + 256));
        StringBuilder line = new StringBuilder(MAX_LINE + 16);
        do {
            int sentences = 3 + random.nextInt(6);
            for (int s = 0; s < sentences; s++) {
                int words = 4 + random.nextInt(15);
                for (int w = 0; w < words; w++) {
                    String word = WORDS[zipf(random)];
                    if (w == 0) {
                        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    }
                    String token = word;
                    if (w == words - 1) {
                        int p = random.nextInt(10);
                        token = word + (p == 0 ? "?" : p == 1 ? "!" : ".");
                    } else if (random.nextInt(9) == 0) {
                        token = word + ",";
                    }
                    if (line.length() > 0 && line.length() + 1 + token.length() > MAX_LINE) {
                        out.append(line).append('\n');
                        line.setLength(0);
                    }
                    if (line.length() > 0) {
                        line.append(' ');
                    }
                    line.append(token);
                }
            }
            if (line.length() > 0) {
                out.append(line).append('\n');
                line.setLength(0);
            }
            out.append('\n');
        } while (out.length() < targetBytes);
        return out.toString();
    }

    /** {@link #text} as UTF-8 bytes, shared between callers for the same arguments (read-only!). */
    public static byte[] bytes(long targetBytes, long seed) {
        return CACHE.get(targetBytes + "/" + seed, () -> text(targetBytes, seed));
    }

    private static int zipf(SplittableRandom random) {
        double u = random.nextDouble();
        return (int) (WORDS.length * u * u * u);
    }
}
