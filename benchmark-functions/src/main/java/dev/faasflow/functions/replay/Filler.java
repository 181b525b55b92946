package dev.faasflow.functions.replay;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deterministic filler values of a given size for replayed outputs.
 *
 * <p>Arrays are shared: the same read-only array is returned for the same size, so a replayed workflow run
 * a hundred times at once does not allocate a hundred copies of a 50 MB output (and an in-process store
 * holds one). Callers must never modify a returned array (the store's immutability invariant).
 *
 * <p>Shared arrays are kept up to a byte budget (system property {@code faasflow.replay.fillerCacheBytes},
 * default the smaller of 256 MiB and an eighth of the max heap). Sizes are admitted until the budget is
 * used. Later sizes are shared through soft references: while any store still holds such an array every
 * new put of that size reuses it, and the collector may drop it once nobody does, so concurrent replays of a
 * large workflow cost one array per size instead of one per invocation.
 */
public final class Filler {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] PATTERN =
            "faasflow replay filler: the quick brown fox jumps over the lazy dog 0123456789\n"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final long BUDGET = Long.getLong("faasflow.replay.fillerCacheBytes",
            Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));

    private static final ConcurrentHashMap<Integer, byte[]> SHARED = new ConcurrentHashMap<>();
    private static final AtomicLong CACHED_BYTES = new AtomicLong();
    private static final ConcurrentHashMap<Integer, java.lang.ref.SoftReference<byte[]>> SOFT = new ConcurrentHashMap<>();

    private Filler() {
    }

    /** A read-only array of {@code size} deterministic bytes (the same content for the same size). */
    public static byte[] of(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("value of " + size + " bytes is larger than a Java array");
        }
        if (size == 0) {
            return EMPTY;
        }
        int n = (int) size;
        byte[] shared = SHARED.get(n);
        if (shared != null) {
            return shared;
        }
        java.lang.ref.SoftReference<byte[]> soft = SOFT.get(n);
        byte[] softly = soft == null ? null : soft.get();
        if (softly != null) {
            return softly;
        }
        byte[] fresh = generate(n);
        if (admit(n)) {
            byte[] raced = SHARED.putIfAbsent(n, fresh);
            if (raced != null) {
                CACHED_BYTES.addAndGet(-n);
                return raced;
            }
            return fresh;
        }
        SOFT.put(n, new java.lang.ref.SoftReference<>(fresh));
        return fresh;
    }

    private static boolean admit(int n) {
        while (true) {
            long used = CACHED_BYTES.get();
            if (used + n > BUDGET) {
                return false;
            }
            if (CACHED_BYTES.compareAndSet(used, used + n)) {
                return true;
            }
        }
    }

    /** Bytes currently held as shared arrays. */
    public static long cachedBytes() {
        return CACHED_BYTES.get();
    }

    /** Drops every shared array (arrays already handed out stay valid). */
    public static void clear() {
        SHARED.clear();
        SOFT.clear();
        CACHED_BYTES.set(0);
    }

    /** A fresh array of {@code n} filler bytes: the pattern repeated. */
    static byte[] generate(int n) {
        byte[] out = new byte[n];
        int filled = Math.min(n, PATTERN.length);
        System.arraycopy(PATTERN, 0, out, 0, filled);
        while (filled < n) {
            int chunk = Math.min(filled, n - filled);
            System.arraycopy(out, 0, out, filled, chunk);
            filled += chunk;
        }
        return out;
    }
}
