package dev.faasflow.coordinator.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.FunctionRecord;
import dev.faasflow.coordinator.InvocationResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invocations as a Chrome trace-event file (the JSON that Perfetto and chrome://tracing open): a process per node
 * with a span per function attempt (and its queue wait before it), laid out in lanes so that spans that overlap on a
 * node never share one; and a process "invocations" with a span per invocation. Times are the nodes' wall clocks.
 */
public final class ChromeTrace {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChromeTrace() {
    }

    public static ObjectNode of(List<InvocationResult> invocations) {
        ArrayNode events = JSON.arrayNode();
        metadata(events, "process_name", 0, null, "invocations");
        Map<String, Integer> pidOfNode = new LinkedHashMap<>();
        Map<Integer, List<Long>> laneEnds = new LinkedHashMap<>();
        List<Placed> spans = new ArrayList<>();
        int unplaced = 0;
        for (InvocationResult r : invocations) {
            ObjectNode inv = span(events, r.id() + " " + r.phase().label(), "invocation", r.startedAtMillis() * 1000,
                    Math.max(1, Math.round(r.e2eMs() * 1000)), 0, 0);
            inv.withObjectProperty("args").put("workflow", r.workflow()).put("phase", r.phase().label())
                    .put("message", r.message()).put("criticalPath", String.join(" > ", r.criticalPath()));
            for (FunctionRecord f : r.functions() == null ? List.<FunctionRecord>of() : r.functions()) {
                if (f.startedAtMicros() <= 0 || f.endedAtMicros() < f.startedAtMicros()) {
                    unplaced++;
                    continue;
                }
                spans.add(new Placed(r.id(), f));
            }
        }
        spans.sort(Comparator.comparingLong((Placed p) -> p.record.startedAtMicros() - queuedMicros(p.record)));
        for (Placed p : spans) {
            FunctionRecord f = p.record;
            int pid = pidOfNode.computeIfAbsent(f.node(), n -> {
                int id = pidOfNode.size() + 1;
                metadata(events, "process_name", id, null, n);
                return id;
            });
            long from = f.startedAtMicros() - queuedMicros(f);
            int lane = lane(laneEnds.computeIfAbsent(pid, k -> new ArrayList<>()), from, f.endedAtMicros());
            if (queuedMicros(f) > 0) {
                span(events, "queued " + f.function(), "queue", from, queuedMicros(f), pid, lane);
            }
            ObjectNode run = span(events, f.function() + (f.instance() == null ? "" : "[" + f.instance() + "]"),
                    f.succeeded() ? "function" : "failed attempt", f.startedAtMicros(),
                    Math.max(1, f.endedAtMicros() - f.startedAtMicros()), pid, lane);
            run.withObjectProperty("args").put("invocation", p.invocation).put("attempt", f.attempt()).put("coldStart", f.coldStart())
                    .put("dataMs", f.dataMs()).put("queuedMs", f.queuedMs()).put("bytesRead", f.bytesRead())
                    .put("bytesWritten", f.bytesWritten()).put("error", f.error());
        }
        laneEnds.forEach((pid, ends) -> {
            for (int lane = 0; lane < ends.size(); lane++) {
                metadata(events, "thread_name", pid, lane, "slot lane " + lane);
            }
        });
        ObjectNode root = JSON.objectNode();
        root.set("traceEvents", events);
        root.put("displayTimeUnit", "ms");
        root.withObjectProperty("otherData").put("invocations", invocations.size()).put("attemptsWithoutTimes", unplaced);
        return root;
    }

    private record Placed(String invocation, FunctionRecord record) {
    }

    private static long queuedMicros(FunctionRecord f) {
        return Math.max(0, Math.round(f.queuedMs() * 1000));
    }

    /** The first lane free at {@code from} (spans sorted by start), which then stays busy until {@code to}. */
    /**
     * The first lane free at {@code from} (its last span ended by then), taken until {@code to}; a new lane when none
     * is. {@code ends} holds each lane's end; spans must come in order of their start.
     */
    public static int lane(List<Long> ends, long from, long to) {
        for (int i = 0; i < ends.size(); i++) {
            if (ends.get(i) <= from) {
                ends.set(i, to);
                return i;
            }
        }
        ends.add(to);
        return ends.size() - 1;
    }

    private static ObjectNode span(ArrayNode events, String name, String category, long tsMicros, long durMicros,
                                   int pid, int tid) {
        ObjectNode e = events.addObject();
        e.put("name", name).put("cat", category).put("ph", "X").put("ts", tsMicros).put("dur", durMicros)
                .put("pid", pid).put("tid", tid);
        e.putObject("args");
        return e;
    }

    private static void metadata(ArrayNode events, String kind, int pid, Integer tid, String name) {
        ObjectNode e = events.addObject();
        e.put("name", kind).put("ph", "M").put("pid", pid);
        if (tid != null) {
            e.put("tid", tid);
        }
        e.putObject("args").put("name", name);
    }
}
