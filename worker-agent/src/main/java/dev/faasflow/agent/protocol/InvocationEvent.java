package dev.faasflow.agent.protocol;

/**
 * Agent → coordinator: a sink finished ({@code type = "sink"}, possibly skipped) or a function failed
 * ({@code type = "failed"}, with the reason).
 */
public record InvocationEvent(String type, String function, String node, boolean skipped, String message) {
    public static final String SINK = "sink";
    public static final String FAILED = "failed";
}
