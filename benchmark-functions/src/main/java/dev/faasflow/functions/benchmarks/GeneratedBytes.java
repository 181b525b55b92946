package dev.faasflow.functions.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Generated inputs as UTF-8 bytes, kept for the callers that ask for the same one again (read-only!). Entries are
 * few and large, so a full cache is simply emptied.
 */
public final class GeneratedBytes {
    private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();
    private final int maxEntries;

    public GeneratedBytes(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The bytes kept under {@code key}, or {@code text}'s, generated now and kept. */
    public byte[] get(String key, Supplier<String> text) {
        byte[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] fresh = text.get().getBytes(StandardCharsets.UTF_8);
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.putIfAbsent(key, fresh);
        return fresh;
    }
}
