package dev.faasflow.grouping;

import java.nio.charset.StandardCharsets;

/** FNV-1a over UTF-8: the same node for the same name on every run and JVM (unlike String.hashCode seeds elsewhere). */
public final class StableHash {
    private StableHash() {
    }

    public static int fnv1a(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        return hash;
    }

    public static int bucket(String text, int buckets) {
        return Integer.remainderUnsigned(fnv1a(text), buckets);
    }
}
