package dev.faasflow.functions.benchmarks;

import dev.faasflow.functions.fileprocessing.Markdown;
import dev.faasflow.functions.fileprocessing.MarkdownGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The FileProcessing benchmark's documents and their HTML, recorded in {@code src/test/resources/markdown}:
 * {@code NAME-SIZE.md} is {@link MarkdownGenerator#generate}'s document for that file name and size, and
 * {@code NAME-SIZE.html} (like {@code sample.html} for the unit test's sample) is what the hand-written
 * converter that CommonMark replaced made of it. CommonMark's HTML is the same but for three differences,
 * each one CommonMark's correct reading of the specification (see {@link #withoutKnownDifferences}).
 */
class MarkdownGoldenTest {
    static String resource(String name) {
        try (InputStream in = MarkdownGoldenTest.class.getResourceAsStream("/markdown/" + name)) {
            assertNotNull(in, "missing test resource markdown/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"document-50000", "notes-60000", "report-8000"})
    void theGeneratorStillWritesTheRecordedDocuments(String base) {
        int dash = base.lastIndexOf('-');
        String name = base.substring(0, dash) + ".md";
        long size = Long.parseLong(base.substring(dash + 1));
        assertEquals(resource(base + ".md"), MarkdownGenerator.generate(name, size));
    }

    @ParameterizedTest
    @ValueSource(strings = {"document-50000", "notes-60000", "report-8000", "sample"})
    void conversionGivesTheRecordedHtmlButForTheKnownDifferences(String base) {
        String recorded = resource(base + ".html");
        String now = Markdown.toHtml(resource(base + ".md"));
        assertEquals(withoutKnownDifferences(recorded, false), withoutKnownDifferences(now, true));
    }

    /**
     * Both sides in one form, so that equality proves these are the only differences:
     * <ol>
     *   <li>a thematic break is {@code <hr />} (CommonMark's renderer writes void elements XHTML-style);</li>
     *   <li>an apostrophe in text stays {@code '} (the old converter wrote {@code &#39;}; only single-quoted
     *       attributes need it, and the renderer quotes attributes with {@code "}, which it escapes);</li>
     *   <li>two lists of the same kind separated only by a blank line are one loose list, whose items hold
     *       paragraphs (the specification's rule; the old converter closed the list at the blank line and
     *       began a second one).</li>
     * </ol>
     */
    static String withoutKnownDifferences(String html, boolean commonMark) {
        if (commonMark) {
            return html.replaceAll("<li>\\n<p>(.*?)</p>\\n</li>", "<li>$1</li>");
        }
        return html.replace("<hr>", "<hr />").replace("&#39;", "'")
                .replace("</ul>\n<ul>\n", "").replace("</ol>\n<ol>\n", "");
    }
}
