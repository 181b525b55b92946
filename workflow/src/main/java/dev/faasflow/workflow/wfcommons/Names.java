package dev.faasflow.workflow.wfcommons;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns trace identifiers into names that are safe in the flat YAML, in store keys and in messages:
 * letters, digits, {@code _ . -}; anything else becomes {@code _}. A registry hands out each name once,
 * appending {@code _2}, {@code _3}, ... on a clash.
 */
final class Names {
    private final Set<String> used = new HashSet<>();

    /** {@code base} if still free, else the first free {@code base_N}. */
    String unique(String base) {
        if (used.add(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            String candidate = base + "_" + i;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    static String sanitize(String raw, String fallback) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.isEmpty() ? fallback : sb.toString();
    }

    /**
     * A function name: sanitized, and never one the flat format gives a meaning to ({@code END}, the
     * {@code INPUT} pseudo-function, {@code VIRTUAL}, control nodes named {@code virtual*}).
     */
    static String functionName(String raw) {
        String name = sanitize(raw, "task");
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("end") || lower.equals("input") || lower.startsWith("virtual")) {
            name = "task_" + name;
        }
        return name;
    }

    /**
     * The source (implementation name) of a task running {@code program}: the program's file name without
     * its folder, sanitized, never one of the flat format's special sources ({@code VIRTUAL}, {@code END}).
     */
    static String source(String program) {
        String base = program.strip();
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        if (slash >= 0 && slash < base.length() - 1) {
            base = base.substring(slash + 1);
        }
        String name = sanitize(base, "program");
        return name.equals("VIRTUAL") || name.equals("END") ? "task_" + name : name;
    }

    /**
     * What is left of a task's name without its instance number ({@code sort_sam_ID0000002} ->
     * {@code sort_sam}, {@code align_0003} -> {@code align}): tasks of one program when the trace names none.
     */
    static String withoutInstanceNumber(String name) {
        String stripped = name.replaceFirst("[_.#-]*(ID|id)?[0-9]+$", "");
        return stripped.isEmpty() ? name : stripped;
    }

    /** A workflow name: sanitized, without leading or trailing separators; null when nothing is left. */
    static String workflowName(String raw) {
        if (raw == null) {
            return null;
        }
        String name = sanitize(raw.strip(), "");
        int start = 0;
        int end = name.length();
        while (start < end && isSeparator(name.charAt(start))) {
            start++;
        }
        while (end > start && isSeparator(name.charAt(end - 1))) {
            end--;
        }
        return start == end ? null : name.substring(start, end);
    }

    private static boolean isSeparator(char c) {
        return c == '_' || c == '.' || c == '-';
    }
}
