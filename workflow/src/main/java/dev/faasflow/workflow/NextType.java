package dev.faasflow.workflow;

import java.util.Locale;

/** How a function triggers the nodes in its {@code next.nodes}. */
public enum NextType {
    PASS, PARALLEL, SWITCH, FOREACH;

    public static NextType parse(String text) {
        if (text == null) {
            return PASS;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "pass" -> PASS;
            case "parallel" -> PARALLEL;
            case "switch" -> SWITCH;
            case "foreach" -> FOREACH;
            default -> null;
        };
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
