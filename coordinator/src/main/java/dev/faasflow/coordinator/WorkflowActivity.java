package dev.faasflow.coordinator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * When each workflow last started an invocation, and who wants to hear of each start: the operator shrinks an idle
 * workflow's function pods and grows them back when it is invoked again.
 */
final class WorkflowActivity {
    private final Map<String, Long> lastStarted = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener = workflow -> {
    };

    void started(String workflow, long nowMillis) {
        lastStarted.put(workflow, nowMillis);
        listener.accept(workflow);
    }

    /** Epoch millis of the workflow's last start, 0 when it has not started since this coordinator did. */
    long lastStarted(String workflow) {
        return lastStarted.getOrDefault(workflow, 0L);
    }

    void forget(String workflow) {
        lastStarted.remove(workflow);
    }

    void listen(Consumer<String> listener) {
        this.listener = listener;
    }
}
