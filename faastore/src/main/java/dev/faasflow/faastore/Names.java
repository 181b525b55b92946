package dev.faasflow.faastore;

/** Checks on the two halves of an address (invocation, key), shared by every tier. */
public final class Names {
    private Names() {
    }

    /**
     * An invocation id must be non-empty and free of braces: the remote tier puts it in a Redis Cluster
     * hash tag, and a brace inside it would split one invocation's keys over several slots.
     */
    public static String checkInvocation(String invocationId) {
        if (invocationId == null || invocationId.isEmpty()) {
            throw new IllegalArgumentException("invocation id must not be empty");
        }
        if (invocationId.indexOf('{') >= 0 || invocationId.indexOf('}') >= 0) {
            throw new IllegalArgumentException("invocation id '" + invocationId + "' must not contain '{' or '}'");
        }
        return invocationId;
    }

    public static String checkKey(String invocationId, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty (invocation '" + invocationId + "')");
        }
        return key;
    }
}
