package dev.faasflow.functions.fileprocessing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Markdown → HTML converter (a practical subset of CommonMark):
 * ATX headings ({@code #} … {@code ######}), paragraphs, blank-line separation, unordered ({@code - * +})
 * and ordered ({@code 1.} / {@code 1)}) lists with lazy continuation lines, block quotes ({@code >}),
 * fenced code blocks ({@code ```lang}), thematic breaks ({@code ---}, {@code ***}, {@code ___}); inline
 * code spans, {@code **strong**} / {@code __strong__}, {@code *emphasis*} / {@code _emphasis_}, links
 * {@code [text](url)}, images {@code ![alt](src)} and backslash escapes. All text is HTML-escaped; link
 * targets with a script scheme ({@code javascript:}, {@code vbscript:}, {@code data:}) become {@code #}.
 * Raw HTML in the input is escaped, never passed through.
 */
public final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern RULE = Pattern.compile("^ {0,3}(?:(?:\\*[ \\t]*){3,}|(?:-[ \\t]*){3,}|(?:_[ \\t]*){3,})$");
    private static final Pattern BULLET = Pattern.compile("^ {0,3}[-*+][ \\t]+(.*)$");
    private static final Pattern ORDERED = Pattern.compile("^ {0,3}(\\d{1,9})[.)][ \\t]+(.*)$");
    private static final Pattern QUOTE = Pattern.compile("^ {0,3}>[ ]?(.*)$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})[ \\t]*([^`\\s]*)[^`]*$");
    private static final String PUNCTUATION = "\\`*_{}[]()#+-.!>|~\"'<&";

    private Markdown() {
    }

    /** A complete HTML document for {@code markdown}, titled {@code title}. */
    public static String toHtmlDocument(String title, String markdown) {
        StringBuilder out = new StringBuilder(markdown.length() + markdown.length() / 6 + 256);
        out.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
        escape(title, 0, title.length(), out);
        out.append("</title>\n</head>\n<body>\n");
        render(markdown, out);
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** The HTML of {@code markdown}'s blocks (no document wrapper). */
    public static String toHtml(String markdown) {
        StringBuilder out = new StringBuilder(markdown.length() + markdown.length() / 6 + 64);
        render(markdown, out);
        return out.toString();
    }

    private enum Block { NONE, PARAGRAPH, UL, OL, QUOTE, CODE }

    /** Block-level state machine over the input's lines. */
    private static final class Renderer {
        final StringBuilder out;
        Block block = Block.NONE;
        final StringBuilder text = new StringBuilder();   // pending paragraph / list item / quote text
        String fence;                                      // the open code fence

        Renderer(StringBuilder out) {
            this.out = out;
        }

        void line(String line) {
            if (block == Block.CODE) {
                String t = line.strip();
                if (t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0))) {
                    out.append("</code></pre>\n");
                    block = Block.NONE;
                } else {
                    escape(line, 0, line.length(), out);
                    out.append('\n');
                }
                return;
            }
            if (line.isBlank()) {
                close();
                return;
            }
            if (startsWithLetter(line)) {
                // no block construct starts with a letter: a text line (the common case, no regex needed)
                if (block == Block.NONE) {
                    block = Block.PARAGRAPH;
                }
                append(line.strip());
                return;
            }
            Matcher m;
            if ((m = FENCE.matcher(line)).matches()) {
                close();
                fence = m.group(1);
                String lang = m.group(2);
                out.append("<pre><code");
                if (!lang.isEmpty()) {
                    out.append(" class=\"language-");
                    escape(lang, 0, lang.length(), out);
                    out.append('"');
                }
                out.append('>');
                block = Block.CODE;
                return;
            }
            if ((m = HEADING.matcher(line)).matches()) {
                close();
                int level = m.group(1).length();
                String content = m.group(2) == null ? "" : m.group(2);
                out.append("<h").append(level).append('>');
                inline(content, 0, content.length(), out);
                out.append("</h").append(level).append(">\n");
                return;
            }
            if (RULE.matcher(line).matches()) {
                close();
                out.append("<hr>\n");
                return;
            }
            if ((m = BULLET.matcher(line)).matches()) {
                item(Block.UL, null, m.group(1));
                return;
            }
            if ((m = ORDERED.matcher(line)).matches()) {
                item(Block.OL, m.group(1), m.group(2));
                return;
            }
            if ((m = QUOTE.matcher(line)).matches()) {
                if (block != Block.QUOTE) {
                    close();
                    block = Block.QUOTE;
                    out.append("<blockquote>\n");
                }
                append(m.group(1));
                return;
            }
            // a text line: continues the open paragraph, list item or quote (lazy continuation)
            if (block == Block.NONE) {
                block = Block.PARAGRAPH;
            }
            append(line.strip());
        }

        void item(Block list, String start, String content) {
            if (block != list) {
                close();
                block = list;
                if (list == Block.UL) {
                    out.append("<ul>\n");
                } else {
                    long n = Long.parseLong(start);
                    out.append(n == 1 ? "<ol>\n" : "<ol start=\"" + n + "\">\n");
                }
            } else {
                flushItem();
            }
            text.setLength(0);
            text.append(content.strip());
        }

        void append(String content) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(content);
        }

        void flushItem() {
            out.append("<li>");
            inline(text, 0, text.length(), out);
            out.append("</li>\n");
            text.setLength(0);
        }

        void close() {
            switch (block) {
                case PARAGRAPH -> {
                    out.append("<p>");
                    inline(text, 0, text.length(), out);
                    out.append("</p>\n");
                }
                case UL -> {
                    flushItem();
                    out.append("</ul>\n");
                }
                case OL -> {
                    flushItem();
                    out.append("</ol>\n");
                }
                case QUOTE -> {
                    if (text.length() > 0) {
                        out.append("<p>");
                        inline(text, 0, text.length(), out);
                        out.append("</p>\n");
                    }
                    out.append("</blockquote>\n");
                }
                case CODE -> out.append("</code></pre>\n");
                default -> {
                }
            }
            text.setLength(0);
            block = Block.NONE;
        }
    }

    private static boolean startsWithLetter(String line) {
        for (int i = 0; i < line.length() && i < 4; i++) {
            char c = line.charAt(i);
            if (c != ' ') {
                return Character.isLetter(c);
            }
        }
        return false;
    }

    private static void render(String markdown, StringBuilder out) {
        Renderer r = new Renderer(out);
        int len = markdown.length();
        int start = 0;
        while (start < len) {
            int nl = markdown.indexOf('\n', start);
            int end = nl < 0 ? len : nl;
            int lineEnd = end > start && markdown.charAt(end - 1) == '\r' ? end - 1 : end;
            r.line(markdown.substring(start, lineEnd));
            start = end + 1;
        }
        r.close();
    }

    // ------------------------------------------------------------------ inline

    /** Renders inline markup of {@code s[from, to)}. */
    static void inline(CharSequence s, int from, int to, StringBuilder out) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 < to && PUNCTUATION.indexOf(s.charAt(i + 1)) >= 0) {
                        escapeChar(s.charAt(i + 1), out);
                        i += 2;
                    } else {
                        out.append('\\');
                        i++;
                    }
                }
                case '`' -> {
                    int run = runLength(s, i, to, '`');
                    int close = findRun(s, i + run, to, '`', run);
                    if (close < 0) {
                        out.append(s, i, i + run);
                        i += run;
                    } else {
                        out.append("<code>");
                        String code = s.subSequence(i + run, close).toString().replace('\n', ' ');
                        if (code.length() > 2 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank()) {
                            code = code.substring(1, code.length() - 1);
                        }
                        escape(code, 0, code.length(), out);
                        out.append("</code>");
                        i = close + run;
                    }
                }
                case '!', '[' -> {
                    boolean image = c == '!';
                    int open = image ? i + 1 : i;
                    int next = image && (open >= to || s.charAt(open) != '[') ? -1 : link(s, open, to, image, out);
                    if (next < 0) {
                        escapeChar(c, out);
                        i++;
                    } else {
                        i = next;
                    }
                }
                case '*', '_' -> {
                    int next = emphasis(s, i, from, to, out);
                    if (next < 0) {
                        int run = runLength(s, i, to, c);
                        out.append(s, i, i + run);
                        i += run;
                    } else {
                        i = next;
                    }
                }
                default -> {
                    escapeChar(c, out);
                    i++;
                }
            }
        }
    }

    /** {@code [text](url)} or {@code ![alt](src)} at {@code open} ('['): the index after it, or −1. */
    private static int link(CharSequence s, int open, int to, boolean image, StringBuilder out) {
        int depth = 0;
        int close = -1;
        for (int j = open; j < to; j++) {
            char ch = s.charAt(j);
            if (ch == '\\') {
                j++;
            } else if (ch == '`') {
                int run = runLength(s, j, to, '`');
                int end = findRun(s, j + run, to, '`', run);
                j = end < 0 ? j + run - 1 : end + run - 1;
            } else if (ch == '[') {
                depth++;
            } else if (ch == ']' && --depth == 0) {
                close = j;
                break;
            }
        }
        if (close < 0 || close + 1 >= to || s.charAt(close + 1) != '(') {
            return -1;
        }
        int urlEnd = -1;
        int parens = 0;
        for (int j = close + 2; j < to; j++) {
            char ch = s.charAt(j);
            if (ch == '(') {
                parens++;
            } else if (ch == ')') {
                if (parens == 0) {
                    urlEnd = j;
                    break;
                }
                parens--;
            } else if (Character.isWhitespace(ch)) {
                return -1; // link titles are not supported: not a link
            }
        }
        if (urlEnd < 0) {
            return -1;
        }
        String url = safeUrl(s.subSequence(close + 2, urlEnd).toString());
        if (image) {
            out.append("<img src=\"");
            escape(url, 0, url.length(), out);
            out.append("\" alt=\"");
            String alt = plain(s.subSequence(open + 1, close).toString());
            escape(alt, 0, alt.length(), out);
            out.append("\">");
        } else {
            out.append("<a href=\"");
            escape(url, 0, url.length(), out);
            out.append("\">");
            inline(s, open + 1, close, out);
            out.append("</a>");
        }
        return urlEnd + 1;
    }

    /** Emphasis or strong emphasis opening at {@code i}: the index after its closer, or −1. */
    private static int emphasis(CharSequence s, int i, int from, int to, StringBuilder out) {
        char d = s.charAt(i);
        int run = runLength(s, i, to, d);
        int width = run >= 2 ? 2 : 1;
        if (i + width >= to || Character.isWhitespace(s.charAt(i + width))) {
            return -1; // an opener must be followed by non-space
        }
        if (d == '_' && i > from && Character.isLetterOrDigit(s.charAt(i - 1))) {
            return -1; // no intraword underscore emphasis (snake_case)
        }
        int j = i + width;
        while (j < to) {
            char ch = s.charAt(j);
            if (ch == '\\') {
                j += 2;
                continue;
            }
            if (ch == '`') {
                int r = runLength(s, j, to, '`');
                int end = findRun(s, j + r, to, '`', r);
                j = end < 0 ? j + r : end + r;
                continue;
            }
            if (ch == d) {
                int r = runLength(s, j, to, d);
                boolean leftOk = !Character.isWhitespace(s.charAt(j - 1));
                boolean rightOk = d != '_' || j + r >= to || !Character.isLetterOrDigit(s.charAt(j + r));
                if (r >= width && leftOk && rightOk && j > i + width) {
                    String tag = width == 2 ? "strong" : "em";
                    out.append('<').append(tag).append('>');
                    inline(s, i + width, j, out);
                    out.append("</").append(tag).append('>');
                    return j + width;
                }
                j += r;
                continue;
            }
            j++;
        }
        return -1;
    }

    private static int runLength(CharSequence s, int i, int to, char c) {
        int j = i;
        while (j < to && s.charAt(j) == c) {
            j++;
        }
        return j - i;
    }

    /** The start of the next run of exactly {@code n} {@code c}s in {@code s[from, to)}, or −1. */
    private static int findRun(CharSequence s, int from, int to, char c, int n) {
        int j = from;
        while (j < to) {
            if (s.charAt(j) == c) {
                int r = runLength(s, j, to, c);
                if (r == n) {
                    return j;
                }
                j += r;
            } else {
                j++;
            }
        }
        return -1;
    }

    private static String safeUrl(String url) {
        String scheme = url.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\u0000-\\u001f]", "");
        if (scheme.startsWith("javascript:") || scheme.startsWith("vbscript:") || scheme.startsWith("data:")) {
            return "#";
        }
        return url;
    }

    /** Alt text: the markup characters dropped. */
    private static String plain(String s) {
        return s.replace("*", "").replace("_", "").replace("`", "");
    }

    // ------------------------------------------------------------------ escaping

    /** HTML-escapes {@code s[from, to)} ({@code & < > " '}). */
    public static void escape(CharSequence s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            escapeChar(s.charAt(i), out);
        }
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        escape(s, 0, s.length(), out);
        return out.toString();
    }

    private static void escapeChar(char c, StringBuilder out) {
        switch (c) {
            case '&' -> out.append("&amp;");
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '"' -> out.append("&quot;");
            case '\'' -> out.append("&#39;");
            default -> out.append(c);
        }
    }
}
