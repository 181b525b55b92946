package dev.faasflow.processes;

import picocli.CommandLine;

/** What the coordinator's and a node's mains share: option errors as one line. */
final class Mains {
    private Mains() {
    }

    /**
     * Runs a main's command: a bad option is one line and exit 2, a failure to start one line and exit 1; on
     * success the process keeps serving (its Vert.x threads hold it).
     */
    static void execute(String program, CommandLine cli, String[] args) {
        cli.setParameterExceptionHandler((e, a) -> {
            cli.getErr().println(program + ": " + e.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            cli.getErr().println(program + ": cannot start: " + e.getMessage());
            return 1;
        });
        int status = cli.execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
