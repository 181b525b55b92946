package dev.faasflow.agent;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Runs agent code on the agent's event loop: at once when already there, else as a task queued to it. */
final class EventLoop {
    private EventLoop() {
    }

    /**
     * A completion that arrives on the loop itself (an HTTP answer to the agent's own client, a store read from node
     * memory) runs at once instead of waiting behind every other task queued to the loop.
     */
    static void run(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
