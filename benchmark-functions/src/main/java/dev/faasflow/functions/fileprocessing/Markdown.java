package dev.faasflow.functions.fileprocessing;

import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.Locale;
import java.util.Map;

/**
 * Markdown → HTML with CommonMark ({@code org.commonmark}): the whole specification, rendered safely. Raw HTML
 * in the input is escaped, never passed through, and link or image targets with a script scheme
 * ({@code javascript:}, {@code vbscript:}, {@code data:}) become {@code #}. The parser and the renderer are
 * thread-safe, so one of each serves every conversion.
 */
public final class Markdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .attributeProviderFactory(context -> new NoScriptUrls())
            .build();

    private Markdown() {
    }

    /** A complete HTML document for {@code markdown}, titled {@code title}. */
    public static String toHtmlDocument(String title, String markdown) {
        StringBuilder out = new StringBuilder(markdown.length() + markdown.length() / 4 + 256);
        out.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
        escapeText(title, out);
        out.append("</title>\n</head>\n<body>\n");
        RENDERER.render(PARSER.parse(markdown), out);
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** The HTML of {@code markdown}'s blocks (no document wrapper). */
    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }

    /** Escapes text for an HTML element's content, as CommonMark's renderer escapes text. */
    private static void escapeText(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
    }

    /**
     * Keeps every link and image target except those with a script scheme, which become {@code #}. (The
     * renderer's own URL sanitizer would also add {@code rel="nofollow"} to every link.)
     */
    private static final class NoScriptUrls implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            attributes.computeIfPresent("href", (name, url) -> safe(url));
            attributes.computeIfPresent("src", (name, url) -> safe(url));
        }

        private static String safe(String url) {
            String scheme = url.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\u0000-\\u001f]", "");
            boolean script = scheme.startsWith("javascript:") || scheme.startsWith("vbscript:")
                    || scheme.startsWith("data:");
            return script ? "#" : url;
        }
    }
}
