package dev.faasflow.bench.faults;

import java.util.Map;

/**
 * One scenario's line of the table.
 *
 * @param failedWithoutReason failures and timeouts whose message was empty (the goal: none)
 * @param reasons             distinct reasons (ids and numbers blanked) and how often each came
 * @param statesLeft          invocation state left on agents and in the coordinator after everything settled
 * @param bytesLeft           bytes left in node memory
 * @param keysLeft            keys left in Redis
 * @param keyNamesLeft        up to five of those keys, to say what was left
 * @param skipped             why the scenario did not run, or null
 */
record ScenarioResult(String scenario, String description, int sent, int succeeded, int failed, int timedOut, int lost,
                      int late, int failedWithoutReason, Map<String, Integer> reasons, long statesLeft, long bytesLeft,
                      long keysLeft, java.util.List<String> keyNamesLeft, double seconds, String skipped) {

    static ScenarioResult skipped(Fault f, String why) {
        return new ScenarioResult(f.label, f.description, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, java.util.List.of(), 0, why);
    }

    long leftBehind() {
        return statesLeft + bytesLeft + keysLeft;
    }
}
