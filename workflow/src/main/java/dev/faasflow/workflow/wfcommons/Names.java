package dev.faasflow.workflow.wfcommons;

import dev.faasflow.workflow.Limits;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns trace identifiers into names the workflow format accepts whatever the trace holds: letters,
 * digits, {@code _ . -} (anything else becomes {@code _}), within the length limit, and for function
 * and workflow names beginning and ending with a letter or digit (see {@link Limits#NAME}). A registry
 * hands out each name once, appending {@code _2}, {@code _3}, ... on a clash (shortening the base to
 * make room when needed).
 */
final class Names {
    private final Set<String> used = new HashSet<>();
    private final int maxLength;

    /** @param maxLength the longest name handed out ({@link Limits#MAX_NAME_LENGTH}, {@link Limits#MAX_KEY_LENGTH}) */
    Names(int maxLength) {
        this.maxLength = maxLength;
    }

    /** {@code base} if still free, else the first free {@code base_N}; never longer than the limit. */
    String unique(String base) {
        if (used.add(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            String suffix = "_" + i;
            String candidate = base.substring(0, Math.min(base.length(), maxLength - suffix.length())) + suffix;
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

    /** A data key: sanitized, beginning with a letter, digit or {@code _}, at most {@link Limits#MAX_KEY_LENGTH}. */
    static String key(String raw) {
        String key = sanitize(raw, "file");
        if (key.charAt(0) == '.' || key.charAt(0) == '-') {
            key = "_" + key;
        }
        return key.length() <= Limits.MAX_KEY_LENGTH ? key : key.substring(0, Limits.MAX_KEY_LENGTH);
    }

    /**
     * A function name: sanitized, trimmed to a valid name, and never one the flat format gives a meaning to
     * ({@code END}, the {@code INPUT} pseudo-function, {@code VIRTUAL}, control nodes named {@code virtual*}).
     */
    static String functionName(String raw) {
        String name = trim(sanitize(raw, "task"));
        if (name == null) {
            name = "task";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("end") || lower.equals("input") || lower.startsWith("virtual")) {
            name = trim("task_" + name);
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

    /** A workflow name: sanitized and trimmed to a valid name; null when nothing is left. */
    static String workflowName(String raw) {
        return raw == null ? null : trim(sanitize(raw.strip(), ""));
    }

    /** Without leading or trailing separators and at most {@link Limits#MAX_NAME_LENGTH} long; null if empty. */
    private static String trim(String name) {
        int start = 0;
        int end = Math.min(name.length(), start + Limits.MAX_NAME_LENGTH);
        while (start < name.length() && isSeparator(name.charAt(start))) {
            start++;
            end = Math.min(name.length(), start + Limits.MAX_NAME_LENGTH);
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
