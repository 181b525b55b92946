package dev.faasflow.functions.benchmarks;

import dev.faasflow.functions.testing.TestServers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.functions.fileprocessing.Markdown;
import dev.faasflow.functions.fileprocessing.MarkdownGenerator;
import dev.faasflow.functions.fileprocessing.Sentiment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileProcessingTest {
    private static final String SAMPLE = """
            # Title & <Intro>

            Some *emphasis*, **strong** and `a < b` code
            with a [link](https://example.org/?a=1&b=2) and snake_case_name.

            - first item
            - second *item*

            3. three
            4. four

            > quoted "text"

            ```java
            if (a < b && c > d) { return; }
            ```

            ---
            [bad](javascript:alert(1)) <script>alert('x')</script>
            """;

    @Test
    void markdownConvertsBlocksInlinesAndEscapes() {
        String html = Markdown.toHtml(SAMPLE);
        assertTrue(html.contains("<h1>Title &amp; &lt;Intro&gt;</h1>"), html);
        assertTrue(html.contains("<p>Some <em>emphasis</em>, <strong>strong</strong> and <code>a &lt; b</code> code\n"
                + "with a <a href=\"https://example.org/?a=1&amp;b=2\">link</a> and snake_case_name.</p>"), html);
        assertTrue(html.contains("<ul>\n<li>first item</li>\n<li>second <em>item</em></li>\n</ul>"), html);
        assertTrue(html.contains("<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>"), html);
        assertTrue(html.contains("<blockquote>\n<p>quoted &quot;text&quot;</p>\n</blockquote>"), html);
        assertTrue(html.contains("<pre><code class=\"language-java\">if (a &lt; b &amp;&amp; c &gt; d) { return; }\n"
                + "</code></pre>"), html);
        assertTrue(html.contains("<hr />"), html);
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"), html);
        assertFalse(html.contains("javascript:"), html);
        assertTrue(html.contains("<a href=\"#\">bad</a>"), html);
    }

    @Test
    void scriptTargetsOfLinksAndImagesAreNeutralised() {
        String html = Markdown.toHtml("[a](JavaScript:x) ![b](data:text/html;base64,x) [c](<vbscript:y>) [d](https://e.org)");
        assertEquals("<p><a href=\"#\">a</a> <img src=\"#\" alt=\"b\" /> <a href=\"#\">c</a> "
                + "<a href=\"https://e.org\">d</a></p>\n", html);
    }

    @Test
    void rawHtmlIsEscapedNeverPassedThrough() {
        String html = Markdown.toHtml("<div onclick=\"x()\">\n<b>bold</b>\n</div>\n\ntext <img src=x onerror=y> end");
        assertFalse(html.contains("<div") || html.contains("<b>") || html.contains("<img"), html);
        assertTrue(html.contains("&lt;div onclick=&quot;x()&quot;&gt;"), html);
        assertTrue(html.contains("&lt;img src=x onerror=y&gt;"), html);
    }

    @Test
    void theDocumentTitleIsEscaped() {
        String doc = Markdown.toHtmlDocument("a <b> & \"c\"", "# x");
        assertTrue(doc.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"), doc);
        assertTrue(doc.startsWith("<!DOCTYPE html>\n") && doc.endsWith("</body>\n</html>\n"), doc);
    }

    @Test
    void sentimentScoresClearlyPositiveAndNegativeText() {
        double positive = Sentiment.score("What a wonderful, excellent day. I love this great and helpful tool!");
        double negative = Sentiment.score("This is a terrible, awful failure. The broken build is slow and buggy.");
        assertTrue(positive > 0.5, "positive " + positive);
        assertTrue(negative < -0.5, "negative " + negative);
        assertEquals(0.0, Sentiment.score("The table has four legs."));
        assertTrue(Sentiment.score("It is not good.") < 0);
    }

    @Test
    void workflowRunsEndToEndOverHttp() {
        String inv = TestEnv.invocation();
        var input = TestEnv.json("{\"filename\": \"notes.md\", \"size_bytes\": 60000}");
        TestEnv.STORE.put(inv, "filename", TestEnv.jsonBytes("notes.md"));
        TestEnv.ok(TestEnv.request("fileprocessing", "start", inv).input(input).build());
        byte[] md = TestEnv.STORE.get(inv, "file");
        assertTrue(md.length >= 60_000 && md.length < 70_000, "size " + md.length);
        assertEquals(MarkdownGenerator.generate("notes.md", 60_000), new String(md, StandardCharsets.UTF_8));

        TestEnv.ok(TestEnv.request("fileprocessing", "conversion", inv).input(input).build());
        TestEnv.ok(TestEnv.request("fileprocessing", "sentiment", inv).input(input).build());
        String html = new String(TestEnv.STORE.get(inv, "html"), StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html>"), html.substring(0, 100));
        assertTrue(html.contains("<title>Report on notes.md</title>"));
        assertTrue(html.contains("<h2>Section 1: "));
        assertTrue(html.contains("<strong>") && html.contains("<em>") && html.contains("<a href=\"https://example.org/docs/"));
        assertTrue(html.contains("&amp;") && html.contains("&lt;"));
        assertTrue(html.strip().endsWith("</html>"));
        JsonNode score = TestEnv.stored(inv, "score");
        assertTrue(score.isNumber() && score.asDouble() >= -1 && score.asDouble() <= 1, score.toString());

        JsonNode upload = TestEnv.ok(TestEnv.request("fileprocessing", "upload", inv).input(input).build());
        assertEquals(2, upload.get("gets").asLong());
        assertEquals(0, upload.get("puts").asLong());
    }

    @Test
    void sentimentFunctionScoresStoredText() {
        String pos = TestEnv.invocation();
        TestEnv.STORE.put(pos, "file", "# Great\n\nA wonderful, **excellent** and reliable release. We love it."
                .getBytes(StandardCharsets.UTF_8));
        TestEnv.ok(TestEnv.request("fileprocessing", "sentiment", pos).build());
        assertTrue(TestEnv.stored(pos, "score").asDouble() > 0.5);

        String neg = TestEnv.invocation();
        TestEnv.STORE.put(neg, "file", "# Outage\n\nA terrible, *broken* and slow release. We hate the crash."
                .getBytes(StandardCharsets.UTF_8));
        TestEnv.ok(TestEnv.request("fileprocessing", "sentiment", neg).build());
        assertTrue(TestEnv.stored(neg, "score").asDouble() < -0.5);
    }

    @Test
    void uploadRejectsABrokenDocument() {
        String inv = TestEnv.invocation();
        TestEnv.STORE.put(inv, "html", "not html".getBytes(StandardCharsets.UTF_8));
        TestEnv.STORE.put(inv, "score", TestEnv.jsonBytes(0.5));
        TestServers.Reply reply = TestEnv.run(TestEnv.request("fileprocessing", "upload", inv).build());
        assertEquals(500, reply.status());
        assertTrue(reply.error().startsWith("upload: html is not a complete HTML document"), reply.error());
    }
}
