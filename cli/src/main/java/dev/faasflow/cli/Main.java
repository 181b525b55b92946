package dev.faasflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.grouping.PlanningException;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.WorkflowException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./faasflow}. Exit status: 0 ok, 1 the job failed, 2 bad usage or bad input. No error
 * prints a stack trace unless {@code --debug} is given.
 */
@Command(name = "faasflow", sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {PlanCommand.class, ImportCommand.class, RunCommand.class, BenchCommand.class,
            GatewayCommands.Submit.class, GatewayCommands.Get.class, GatewayCommands.Watch.class,
            GatewayCommands.Logs.class, ServeCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class}, showDefaultValues = true,
        description = "FaaSFlow: plan and run serverless workflows (worker-side scheduling, adaptive storage).",
        footer = {"", "FILE is a flat_workflow.yaml, a folder holding one, or a benchmark name: cycles, epigenomics,",
            "genome, soykb, video, illgal_recognizer, fileprocessing, wordcount.",
            "Exit status: 0 ok, 1 the job failed, 2 bad usage or bad input."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    boolean debug;

    Main() {
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an unexpected failure and log at debug level.")
    void debug(boolean on) {
        debug = on;
        if (on && LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger("dev.faasflow").setLevel(Level.DEBUG);
        }
    }

    public static void main(String[] argv) {
        // A terminal gets progress bars; a pipe or a log file plain lines.
        int status = run(Arrays.asList(argv), System.out, System.err, System.console() != null);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command line; returns its exit status. Catches everything: no failure escapes as a trace. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, false);
    }

    /** The same; {@code terminal}: standard error is a terminal (progress is drawn, not printed line by line). */
    public static int run(List<String> argv, PrintStream out, PrintStream err, boolean terminal) {
        Main main = new Main();
        try {
            CommandLine cli = commandLine(main, out, err, terminal);
            return cli.execute(argv.toArray(String[]::new));
        } catch (Throwable t) {
            return unexpected(t, "faasflow", main.debug, err);
        } finally {
            if (main.debug && LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                logback.getLogger("dev.faasflow").setLevel(null); // back to the configured level
            }
            out.flush();
            err.flush();
        }
    }

    /** The command tree, its help (with the synopsis README shows) and its error handling. */
    static CommandLine commandLine(Main main, PrintStream out, PrintStream err) {
        return commandLine(main, out, err, false);
    }

    static CommandLine commandLine(Main main, PrintStream out, PrintStream err, boolean terminal) {
        Console io = new Console(out, err, terminal);
        CommandLine.IFactory commands = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof CliCommand command) {
                    command.io = io;
                }
                return made;
            }
        };
        CommandLine cli = new CommandLine(main, commands);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        Synopsis.install(cli);
        cli.setParameterExceptionHandler((e, args) -> {
            err.println(name(e.getCommandLine()) + ": " + e.getMessage() + " (see '" + name(e.getCommandLine())
                    + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, name(command), main.debug, err));
        return cli;
    }

    /** Bad input named by the engine's own errors is exit 2; anything else is a failed job, exit 1. */
    private static int failure(Exception e, String command, boolean debug, PrintStream err) {
        if (e instanceof WorkflowException w) {
            for (Problem p : w.problems()) {
                err.println(p);
            }
            return USAGE;
        }
        if (e instanceof PlanningException || e instanceof InvalidInvocationException) {
            err.println(command + ": " + e.getMessage());
            return USAGE;
        }
        return unexpected(e, command, debug, err);
    }

    static int unexpected(Throwable t, String command, boolean debug, PrintStream err) {
        err.println(command + ": failed: " + describe(t) + (debug ? "" : " (--debug shows where)"));
        if (debug) {
            t.printStackTrace(err);
        }
        return FAILED;
    }

    /** One line for a failure: its type when that says more than the message (an Error), and the message. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return t instanceof Error ? t.getClass().getSimpleName() + ": " + message : message;
    }

    /** "faasflow bench store": the command's full name, for messages. */
    static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: plan, import, run, bench or completion");
    }

    /** Where the commands print: the tables and messages a user reads (not logging). */
    /** Where a command prints; {@code terminal}: {@code err} is a terminal. */
    record Console(PrintStream out, PrintStream err, boolean terminal) {
    }
}
