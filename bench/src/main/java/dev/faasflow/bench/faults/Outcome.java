package dev.faasflow.bench.faults;

/**
 * How one invocation of the harness ended, as the gateway told it.
 *
 * @param kind   the column it counts in
 * @param reason the engine's message for a failure or timeout, or why it was not accepted or is lost
 * @param late   it reached its final phase after its deadline (one second of tolerance)
 */
record Outcome(Kind kind, String reason, boolean late) {
    enum Kind { SUCCEEDED, FAILED, TIMED_OUT, LOST }
}
