package dev.faasflow.cli;

import dev.faasflow.workflow.WorkflowException;
import dev.faasflow.workflow.WorkflowWriter;
import dev.faasflow.workflow.wfcommons.ImportResult;
import dev.faasflow.workflow.wfcommons.WfCommonsImporter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code faasflow import TRACE.json [--output DIR]}: a WfCommons trace as a flat workflow. */
final class ImportCommand {
    static final String USAGE = "import TRACE.json [--output DIR]";

    private ImportCommand() {
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws UsageException, WorkflowException {
        Args args = Args.parse(argv, Set.of("output"), Set.of());
        Path trace = Path.of(args.onePositional("trace file"));
        ImportResult result = WfCommonsImporter.importDetailed(trace);
        for (String note : result.notes()) {
            err.println("note: " + note);
        }
        if (!args.has("output")) {
            out.print(WorkflowWriter.toYaml(result.workflow()));
            return 0;
        }
        Path dir = Path.of(args.string("output", "."));
        try {
            WorkflowWriter.write(result.workflow(), dir);
        } catch (IOException e) {
            throw new UsageException("cannot write into " + dir + ": " + e.getMessage());
        }
        err.printf("wrote %s (%d functions, %d edges) to %s%n", result.workflow().name(), result.workflow().size(),
                result.workflow().edgeCount(), dir);
        return 0;
    }
}
