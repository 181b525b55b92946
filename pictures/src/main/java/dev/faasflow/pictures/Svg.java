package dev.faasflow.pictures;

import java.util.Locale;

/** A small SVG document being written: shapes in document order, text escaped, numbers with one decimal. */
final class Svg {
    private final StringBuilder body = new StringBuilder(4096);

    Svg rect(double x, double y, double w, double h, String fill, String stroke, String extra) {
        body.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" fill=\"%s\" stroke=\"%s\"%s/>%n",
                x, y, Math.max(0.5, w), Math.max(0.5, h), fill, stroke, extra == null ? "" : " " + extra));
        return this;
    }

    Svg text(double x, double y, String text, String extra) {
        body.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>%n", x, y,
                extra == null ? "" : " " + extra, escape(text)));
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        body.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>%n",
                x1, y1, x2, y2, stroke, extra == null ? "" : " " + extra));
        return this;
    }

    /** A polyline through {@code points} (x0, y0, x1, y1, ...). */
    Svg path(double[] points, String stroke, String extra) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i + 1 < points.length; i += 2) {
            d.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", points[i], points[i + 1]));
        }
        body.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(stroke).append('"')
                .append(extra == null ? "" : " " + extra).append("/>\n");
        return this;
    }

    Svg title(String text) {
        body.append("<title>").append(escape(text)).append("</title>\n");
        return this;
    }

    /** The whole document, {@code width} × {@code height}, with an arrow head marker for edges. */
    String document(double width, double height) {
        return String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" \
                font-family="sans-serif" font-size="12">
                <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" \
                orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>
                <rect width="100%%" height="100%%" fill="white"/>
                """, width, height, width, height) + body + "</svg>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
