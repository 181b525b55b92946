package dev.faasflow.workflow;

/**
 * Type of an input or output. {@code normal} and {@code pass} both mean a single value;
 * {@code keys} (output) is a list that drives foreach fan-out; {@code key} (input) reads such a list.
 */
public enum DataType {
    NORMAL, PASS, KEY, KEYS;

    public static DataType parse(String text) {
        if (text == null) {
            return NORMAL;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "pass" -> PASS;
            case "key" -> KEY;
            case "keys" -> KEYS;
            default -> null;
        };
    }

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isList() {
        return this == KEY || this == KEYS;
    }
}
