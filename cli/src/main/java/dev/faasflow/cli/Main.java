package dev.faasflow.cli;

import dev.faasflow.grouping.PlanningException;
import dev.faasflow.workflow.Problem;
import dev.faasflow.workflow.WorkflowException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** Entry point of {@code ./faasflow}. Exit status: 0 ok, 1 the job failed, 2 bad usage or bad input. */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        int status = run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || List.of("-h", "--help", "help").contains(argv.get(0))) {
            out.print(usage());
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (command) {
                case "plan" -> PlanCommand.run(rest, out);
                case "bench" -> BenchCommand.run(rest, out);
                case "run" -> RunCommand.run(rest, out, err);
                case "import" -> ImportCommand.run(rest, out, err);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException e) {
            err.println("faasflow " + command + ": " + e.getMessage());
            err.println("usage: faasflow " + usageOf(command));
            return 2;
        } catch (WorkflowException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            return 2;
        } catch (PlanningException e) {
            err.println("faasflow " + command + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("faasflow " + command + ": failed: " + e);
            return 1;
        }
    }

    private static String usageOf(String command) {
        return switch (command) {
            case "plan" -> PlanCommand.USAGE;
            case "bench" -> BenchCommand.USAGE;
            case "run" -> RunCommand.USAGE;
            case "import" -> ImportCommand.USAGE;
            default -> "COMMAND ... (see faasflow --help)";
        };
    }

    static String usage() {
        return String.join("\n",
                "usage: faasflow COMMAND [OPTIONS]",
                "",
                "commands:",
                "  " + PlanCommand.USAGE,
                "      group and place a workflow (a flat_workflow.yaml, a folder holding one, or a benchmark name)",
                "  " + ImportCommand.USAGE,
                "      turn a WfCommons trace (WfFormat 1.4/1.5) into a flat workflow",
                "  " + RunCommand.USAGE,
                "      run invocations on the embedded engine: N simulated nodes in this process, real HTTP on loopback",
                "  " + BenchCommand.USAGE,
                "      rerunnable benchmarks that print their numbers",
                "",
                "benchmarks: cycles epigenomics genome soykb video illgal_recognizer fileprocessing wordcount",
                "");
    }
}
