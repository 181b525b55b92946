package dev.faasflow.processes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends this process when its launcher is gone, so that a launcher killed without a chance to clean up (SIGKILL,
 * a crash) leaves no cluster process running for long. The launcher's next start removes the rest.
 */
final class ParentWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);
    /** Exit status of a process whose launcher vanished. */
    static final int ORPHANED = 3;

    private ParentWatch() {
    }

    /** Watches {@code pid} (0 or less: nothing to watch) every half second from a daemon thread. */
    static void start(long pid) {
        if (pid <= 0) {
            return;
        }
        Thread watch = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            LOG.warn("the launcher (pid {}) is gone: exiting", pid);
            System.exit(ORPHANED);
        }, "faasflow-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
