package dev.faasflow.functions;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * A function runtime's metrics, served at {@code GET /metrics} in Prometheus' text format: runs by workflow, function
 * and outcome with their time, bytes fetched and put, runs in flight. Written here rather than with a metrics library
 * so that the SDK stays a small artifact (Jackson alone); the few series it has need counters, not histograms
 * (the agents' /metrics has the histograms). Recording a run costs two map lookups and a few adds.
 */
final class RuntimeMetrics {
    private record Key(String workflow, String function, String outcome) {
    }

    private static final class Totals {
        final LongAdder runs = new LongAdder();
        final DoubleAdder seconds = new DoubleAdder();
        final LongAdder bytesRead = new LongAdder();
        final LongAdder bytesWritten = new LongAdder();
    }

    private final Map<Key, Totals> totals = new ConcurrentHashMap<>();
    private final IntSupplier inFlight;

    RuntimeMetrics(IntSupplier inFlight) {
        this.inFlight = inFlight;
    }

    /** One run of {@code function} of {@code workflow} ended. */
    void run(String workflow, String function, boolean succeeded, double seconds, long bytesRead, long bytesWritten) {
        Totals t = totals.computeIfAbsent(new Key(workflow, function, succeeded ? "succeeded" : "failed"), k -> new Totals());
        t.runs.increment();
        t.seconds.add(seconds);
        t.bytesRead.add(bytesRead);
        t.bytesWritten.add(bytesWritten);
    }

    /** The text exposition, series sorted by their labels. */
    byte[] scrape() {
        Map<String, Totals> sorted = new TreeMap<>();
        totals.forEach((k, v) -> sorted.put("workflow=\"" + escape(k.workflow()) + "\",function=\""
                + escape(k.function()) + "\",outcome=\"" + k.outcome() + "\"", v));
        StringBuilder out = new StringBuilder(256 + sorted.size() * 400);
        series(out, "faasflow_runtime_runs_total", "counter", "function runs this runtime served", sorted, t -> t.runs.sum());
        series(out, "faasflow_runtime_run_seconds_total", "counter", "time those runs took, in seconds", sorted,
                t -> t.seconds.sum());
        series(out, "faasflow_runtime_store_bytes_read_total", "counter", "bytes those runs fetched", sorted,
                t -> t.bytesRead.sum());
        series(out, "faasflow_runtime_store_bytes_written_total", "counter", "bytes those runs put", sorted,
                t -> t.bytesWritten.sum());
        out.append("# HELP faasflow_runtime_runs_in_flight function runs in progress now\n")
                .append("# TYPE faasflow_runtime_runs_in_flight gauge\n")
                .append("faasflow_runtime_runs_in_flight ").append(inFlight.getAsInt()).append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void series(StringBuilder out, String name, String type, String help, Map<String, Totals> sorted,
                               java.util.function.ToDoubleFunction<Totals> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
        sorted.forEach((labels, t) -> out.append(name).append('{').append(labels).append("} ")
                .append(format(value.applyAsDouble(t))).append('\n'));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A label value as the text format wants it: backslash, double quote and line feed escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
