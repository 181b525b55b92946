package dev.faasflow.bench;

/**
 * Put and get of one value size through one tier. MB = 10^6 bytes.
 *
 * @param putGetMBps both directions together: 2 × bytes moved / (put time + get time)
 */
public record Measurement(String tier, String where, int sizeBytes, int operations, double putMBps, double getMBps,
                          double putGetMBps, double putP50Ms, double putP99Ms, double getP50Ms, double getP99Ms) {
}
