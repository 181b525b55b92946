package dev.faasflow.grouping;

import java.util.Locale;

/** optimized = FaaStore placement (memory where possible); raw = every output through the remote store. */
public enum DataMode {
    OPTIMIZED, RAW;

    public static DataMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "optimized" -> OPTIMIZED;
            case "raw" -> RAW;
            default -> throw new IllegalArgumentException("unknown data mode '" + text + "' (optimized or raw)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
