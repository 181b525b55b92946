package dev.faasflow.faastore;

import java.util.concurrent.atomic.LongAdder;

/** Live counters behind an {@link InvocationStats}. */
final class InvocationCounters {
    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder bytesLocal = new LongAdder();
    private final LongAdder bytesRemote = new LongAdder();
    private final LongAdder dataNanos = new LongAdder();
    private final LongAdder spills = new LongAdder();

    void put(long localBytes, long remoteBytes, boolean spilled, long elapsedNanos) {
        puts.increment();
        bytesLocal.add(localBytes);
        bytesRemote.add(remoteBytes);
        if (spilled) {
            spills.increment();
        }
        dataNanos.add(elapsedNanos);
    }

    void get(long localBytes, long remoteBytes, long elapsedNanos) {
        gets.increment();
        bytesLocal.add(localBytes);
        bytesRemote.add(remoteBytes);
        dataNanos.add(elapsedNanos);
    }

    InvocationStats snapshot(String invocationId) {
        return new InvocationStats(invocationId, puts.sum(), gets.sum(), bytesLocal.sum(), bytesRemote.sum(),
                dataNanos.sum(), spills.sum());
    }
}
