package dev.faasflow.faastore.redis;

/**
 * Key layout of the remote tier. Every key of an invocation carries the invocation id as a Redis Cluster
 * hash tag, so they all live in one slot and a clear touches one node in one script:
 * <pre>
 *   PREFIX:{INVOCATION}:v:KEY   a value (a Redis string)
 *   PREFIX:{INVOCATION}:keys    the index: the set of KEYs the invocation wrote
 *   PREFIX:{INVOCATION}:ended   the tombstone a clear leaves: later puts of the invocation are refused
 *   PREFIX:{INVOCATION}:rec     the coordinator's record of the invocation (a hash)
 *   PREFIX:{INVOCATION}:sinks   the sinks it reported (a set)
 *   PREFIX:open                 the open (unfinished) invocations, scored by deadline (a sorted set)
 * </pre>
 */
public record RedisKeys(String prefix) {
    public String valueKey(String invocationId, String key) {
        return valuePrefix(invocationId) + key;
    }

    /** What precedes KEY in a value key; the clear scripts rebuild value keys from index members with it. */
    public String valuePrefix(String invocationId) {
        return prefix + ":{" + invocationId + "}:v:";
    }

    public String indexKey(String invocationId) {
        return prefix + ":{" + invocationId + "}:keys";
    }

    public String endedKey(String invocationId) {
        return prefix + ":{" + invocationId + "}:ended";
    }

    public String recordKey(String invocationId) {
        return prefix + ":{" + invocationId + "}:rec";
    }

    public String sinksKey(String invocationId) {
        return prefix + ":{" + invocationId + "}:sinks";
    }

    public String openKey() {
        return prefix + ":open";
    }
}
