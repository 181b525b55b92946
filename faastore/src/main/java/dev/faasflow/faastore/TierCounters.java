package dev.faasflow.faastore;

import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters of one tier; {@link #snapshot()} reads them into a {@link TierStats}. */
final class TierCounters {
    private final LongAdder puts = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder deletes = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void put(long bytes, long elapsedNanos) {
        puts.increment();
        bytesIn.add(bytes);
        nanos.add(elapsedNanos);
    }

    void hit(long bytes, long elapsedNanos) {
        gets.increment();
        bytesOut.add(bytes);
        nanos.add(elapsedNanos);
    }

    void miss(long elapsedNanos) {
        gets.increment();
        misses.increment();
        nanos.add(elapsedNanos);
    }

    void delete(long elapsedNanos) {
        deletes.increment();
        nanos.add(elapsedNanos);
    }

    void failure(long elapsedNanos) {
        failures.increment();
        nanos.add(elapsedNanos);
    }

    TierStats snapshot() {
        return new TierStats(puts.sum(), gets.sum(), deletes.sum(), misses.sum(), failures.sum(),
                bytesIn.sum(), bytesOut.sum(), nanos.sum());
    }
}
