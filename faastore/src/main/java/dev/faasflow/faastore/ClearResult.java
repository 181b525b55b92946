package dev.faasflow.faastore;

/**
 * What a clear removed, and the invocation's final data counters (dropped from the store by the clear).
 */
public record ClearResult(String invocationId, long localRemoved, long remoteRemoved, InvocationStats stats) {
}
