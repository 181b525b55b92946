package dev.faasflow.functions;

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
 * {@code NAME-SIZE.html} (like {@code sample.html} for the unit test's sample) is its conversion.
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
    void conversionGivesTheRecordedHtml(String base) {
        assertEquals(resource(base + ".html"), Markdown.toHtml(resource(base + ".md")));
    }
}
