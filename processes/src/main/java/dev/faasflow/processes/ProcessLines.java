package dev.faasflow.processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faasflow.agent.protocol.Json;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The lines a cluster process prints on stdout for its launcher, one JSON object after a fixed word: {@code
 * faasflow-ready {"role":"node","node":"node-0","agent":"http://10.0.0.11:7070",...}} once it serves, and {@code
 * faasflow-runtime {"pid":4711,...}} each time a node starts its function runtime as a child process. Logs go to
 * stderr, so stdout holds nothing else.
 */
public final class ProcessLines {
    public static final String READY = "faasflow-ready";
    public static final String RUNTIME = "faasflow-runtime";

    private ProcessLines() {
    }

    /** Prints one line {@code word {fields as JSON}} and flushes it. */
    public static void print(PrintStream out, String word, Map<String, ?> fields) {
        ObjectNode o = Json.MAPPER.valueToTree(fields);
        synchronized (out) {
            out.println(word + " " + o);
            out.flush();
        }
    }

    /** The fields of a line that starts with {@code word}, else empty. */
    public static Optional<JsonNode> parse(String line, String word) {
        if (line == null || !line.startsWith(word + " {")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(line.substring(word.length() + 1)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
