package dev.faasflow.workflow;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The limits a workflow definition and an invocation's input must stay within, in one place. Each is
 * checked before the work it bounds (a file's size before it is read, a line's length before YAML scans
 * it, a condition's depth before the parser descends), so hostile input is refused quickly, with a problem
 * naming the limit. docs/WORKFLOW_FORMAT.md ("Limits") lists them; keep the two in step.
 */
public final class Limits {
    /** Largest workflow file (and definition held in memory), in bytes (characters for text in memory). */
    public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;
    /**
     * Longest line of a YAML document, in characters. SnakeYAML's reader copies the rest of its window
     * every 1,024 characters while it scans one token, so a token of n characters costs n²/1024; a bound
     * on the line (every token ends at a line break) keeps reading linear in the file's size.
     */
    public static final int MAX_YAML_LINE_CHARS = 64 * 1024;
    /** Deepest nesting of mappings and lists, in a workflow document or an input JSON. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** YAML aliases to mappings or lists in one document (the shipped benchmarks use at most 405). */
    public static final int MAX_YAML_ALIASES = 5_000;
    /**
     * Values (mappings, lists, scalars) of a document counted as if every alias were copied out: bounds
     * what any reader of the tree can be made to walk, whatever the anchors multiply.
     */
    public static final int MAX_EXPANDED_VALUES = 4_000_000;
    /** Functions in one workflow. */
    public static final int MAX_FUNCTIONS = 10_000;
    /** Problems reported one by one; the rest are counted in a last line. */
    public static final int MAX_PROBLEMS = 100;

    /** Function and workflow names: a Kubernetes label value, and one URL path segment. */
    public static final int MAX_NAME_LENGTH = 63;
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    /** Data keys (inputs, outputs, parameters): part of Redis keys and store URLs. */
    public static final int MAX_KEY_LENGTH = 253;
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][-A-Za-z0-9_.]*");
    /** {@code source} and {@code image}: an implementation name or a container image reference. */
    public static final int MAX_REFERENCE_LENGTH = 255;
    public static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.:/@+]*");

    /** Longest switch condition, in characters. */
    public static final int MAX_CONDITION_LENGTH = 4_096;
    /** Deepest nesting of parentheses and {@code not} in a condition. */
    public static final int MAX_CONDITION_DEPTH = 32;

    /** Largest {@code runtime}, in seconds (one week). */
    public static final double MAX_RUNTIME_SECONDS = 7 * 24 * 3600;
    /** Largest declared {@code size} of one value, in bytes (1 TiB). */
    public static final long MAX_SIZE_BYTES = 1L << 40;
    /** Largest {@code scale}, in slots. */
    public static final int MAX_SCALE = 10_000;
    /** Largest {@code split_ratio} (expected foreach width). */
    public static final double MAX_SPLIT_RATIO = 1_000_000;
    /** Largest {@code max_containers} of function_info.yaml. */
    public static final int MAX_CONTAINERS = 10_000;

    /** Largest {@code retry.limit}: retries after a function's first attempt. */
    public static final int MAX_RETRY_LIMIT = 100;
    /** Largest {@code retry.backoff_seconds} and {@code retry.max_backoff_seconds} (one hour). */
    public static final double MAX_BACKOFF_SECONDS = 3600;
    /** Largest {@code timeout_seconds} of one function attempt (one day). */
    public static final double MAX_FUNCTION_TIMEOUT_SECONDS = 24 * 3600;

    /** Largest input JSON (the gateway's body limit as well), in bytes. */
    public static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

    /** How much of a value a message quotes. */
    private static final int QUOTED = 60;

    private Limits() {
    }

    /** Null when {@code name} is a valid function or workflow name, else why not. */
    public static String nameProblem(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return "name " + quote(name) + " is longer than " + MAX_NAME_LENGTH + " characters (limit for names)";
        }
        if (!NAME.matcher(name).matches()) {
            return "name " + quote(name) + " is not valid: names are at most " + MAX_NAME_LENGTH
                    + " letters, digits, '-', '_' and '.', beginning and ending with a letter or digit"
                    + " (a Kubernetes label value)";
        }
        return null;
    }

    /** Null when {@code key} is a valid data key, else why not. */
    public static String keyProblem(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return "key " + quote(key) + " is longer than " + MAX_KEY_LENGTH + " characters (limit for keys)";
        }
        if (!KEY.matcher(key).matches()) {
            return "key " + quote(key) + " is not valid: keys are letters, digits, '-', '_' and '.', beginning"
                    + " with a letter, digit or '_'";
        }
        return null;
    }

    /** Null when {@code ref} is a valid source or image reference, else why not. */
    public static String referenceProblem(String ref) {
        if (ref.length() > MAX_REFERENCE_LENGTH) {
            return quote(ref) + " is longer than " + MAX_REFERENCE_LENGTH + " characters (limit for sources and images)";
        }
        if (!REFERENCE.matcher(ref).matches()) {
            return quote(ref) + " is not valid: letters, digits and '-_.:/@+', beginning with a letter or digit";
        }
        return null;
    }

    /** A value quoted for a message: whole when short, else its beginning and its length. */
    public static String quote(String value) {
        if (value.length() <= QUOTED) {
            return "'" + printable(value) + "'";
        }
        return "'" + printable(value.substring(0, QUOTED)) + "…' (" + String.format(Locale.ROOT, "%,d", value.length())
                + " characters)";
    }

    /** A value for a field path: whole when short, else its beginning and an ellipsis. */
    public static String shorten(String value) {
        return value.length() <= QUOTED ? printable(value) : printable(value.substring(0, QUOTED)) + "…";
    }

    /** Control characters shown as escapes, so a message stays one line. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A count for messages, with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
