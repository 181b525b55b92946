package dev.faasflow.pictures;

import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.trace.ChromeTrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One invocation's timeline as a picture: a band per node, in it a bar per function attempt on the lane it had to
 * itself (a queue wait in grey before it), the functions of the critical path in red, failed attempts hatched with
 * their error as a tooltip; an axis in milliseconds from the first function's start. Coordinates follow the
 * attempts' own times (the nodes' clocks), so there is nothing to lay out.
 */
public final class TimelinePicture {
    private static final double LEFT = 110;
    private static final double WIDTH = 1000;
    private static final double ROW = 22;
    private static final double TOP = 60;

    private TimelinePicture() {
    }

    private record Bar(FunctionRecord f, String node, int lane) {
    }

    public static String svg(InvocationResult r) {
        List<FunctionRecord> placed = new ArrayList<>();
        for (FunctionRecord f : r.functions() == null ? List.<FunctionRecord>of() : r.functions()) {
            if (f.startedAtMicros() > 0 && f.endedAtMicros() >= f.startedAtMicros()) {
                placed.add(f);
            }
        }
        placed.sort(Comparator.comparingLong(TimelinePicture::from));
        long t0 = placed.stream().mapToLong(TimelinePicture::from).min().orElse(0);
        long t1 = placed.stream().mapToLong(FunctionRecord::endedAtMicros).max().orElse(t0 + 1);
        double span = Math.max(1, t1 - t0);
        Map<String, List<Long>> laneEnds = new LinkedHashMap<>();
        List<Bar> bars = new ArrayList<>();
        for (FunctionRecord f : placed) {
            List<Long> ends = laneEnds.computeIfAbsent(f.node(), n -> new ArrayList<>());
            bars.add(new Bar(f, f.node(), ChromeTrace.lane(ends, from(f), f.endedAtMicros())));
        }
        Map<String, Double> bandTop = new LinkedHashMap<>();
        double y = TOP;
        for (Map.Entry<String, List<Long>> node : laneEnds.entrySet()) {
            bandTop.put(node.getKey(), y);
            y += node.getValue().size() * ROW + 10;
        }
        double height = y + 40;
        Set<String> critical = Set.copyOf(r.criticalPath() == null ? List.of() : r.criticalPath());

        Svg svg = new Svg();
        svg.text(10, 22, r.workflow() + " " + r.id() + ": " + r.phase().label() + " in "
                + String.format(Locale.ROOT, "%.1f ms", r.e2eMs()) + "; critical path "
                + String.join(" > ", r.criticalPath() == null ? List.of() : r.criticalPath()),
                "font-size=\"14\" font-weight=\"bold\"");
        svg.rect(10, 34, 12, 10, "#c62828", "none", null).text(26, 43, "critical path", null)
                .rect(120, 34, 12, 10, "#42a5f5", "none", null).text(136, 43, "function", null)
                .rect(210, 34, 12, 10, "#cfd8dc", "none", null).text(226, 43, "queued", null);
        for (Map.Entry<String, Double> band : bandTop.entrySet()) {
            double h = laneEnds.get(band.getKey()).size() * ROW;
            svg.rect(LEFT - 4, band.getValue() - 4, WIDTH + 8, h + 4, "#f5f5f5", "#e0e0e0", null)
                    .text(10, band.getValue() + 15, band.getKey(), "font-weight=\"bold\"");
        }
        for (Bar b : bars) {
            FunctionRecord f = b.f();
            double top = bandTop.get(b.node()) + b.lane() * ROW;
            double queuedX = x(from(f), t0, span);
            double runX = x(f.startedAtMicros(), t0, span);
            double endX = x(f.endedAtMicros(), t0, span);
            if (runX > queuedX) {
                svg.rect(queuedX, top, runX - queuedX, ROW - 4, "#cfd8dc", "none", null);
            }
            String fill = !f.succeeded() ? "#ffcdd2" : critical.contains(f.function()) ? "#c62828" : "#42a5f5";
            String name = f.function() + (f.instance() == null ? "" : "#" + f.instance())
                    + (f.attempt() > 1 ? " (attempt " + f.attempt() + ")" : "");
            svg.rect(runX, top, endX - runX, ROW - 4, fill, f.succeeded() ? "none" : "#c62828",
                    f.succeeded() ? null : "stroke-dasharray=\"3 2\"");
            svg.title(name + " on " + f.node() + ": " + String.format(Locale.ROOT, "%.2f ms", f.durationMs())
                    + (f.queuedMs() > 0 ? String.format(Locale.ROOT, ", queued %.2f ms", f.queuedMs()) : "")
                    + (f.coldStart() ? ", cold start" : "") + (f.succeeded() ? "" : ", failed: " + f.error()));
            if (endX - runX > 7 * name.length()) {
                svg.text(runX + 3, top + 13, name, "fill=\"" + (fill.equals("#42a5f5") ? "black" : "white") + "\""
                        + " font-size=\"11\"");
            }
        }
        // The axis: five ticks over the span.
        double axisY = height - 30;
        svg.line(LEFT, axisY, LEFT + WIDTH, axisY, "#424242", null);
        for (int i = 0; i <= 5; i++) {
            double tx = LEFT + WIDTH * i / 5;
            svg.line(tx, axisY, tx, axisY + 5, "#424242", null).text(tx, axisY + 18,
                    String.format(Locale.ROOT, "%.1f ms", span / 1000 * i / 5), "text-anchor=\"middle\" font-size=\"11\"");
        }
        return svg.document(LEFT + WIDTH + 30, height);
    }

    private static long from(FunctionRecord f) {
        return f.startedAtMicros() - Math.max(0, Math.round(f.queuedMs() * 1000));
    }

    private static double x(long micros, long t0, double span) {
        return LEFT + WIDTH * (micros - t0) / span;
    }
}
