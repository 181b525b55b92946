package dev.faasflow.cli;

import dev.faasflow.workflow.WorkflowWriter;
import dev.faasflow.workflow.wfcommons.ImportResult;
import dev.faasflow.workflow.wfcommons.WfCommonsImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** {@code faasflow import TRACE.json [--output DIR]}: a WfCommons trace as a flat workflow. */
@Command(name = "import", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
        description = "Turn a WfCommons trace (WfFormat 1.4 or 1.5) into a flat workflow: print it, or write "
                + "flat_workflow.yaml and function_info.yaml into a folder.")
final class ImportCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "TRACE.json", description = "A WfCommons instance (Pegasus, Makeflow, Nextflow traces).")
    Path trace;

    @Option(names = "--output", paramLabel = "DIR", description = "Write the workflow's files into DIR instead of printing it.")
    Path output;

    @Override
    public Integer call() throws Exception {
        ImportResult result = WfCommonsImporter.importDetailed(trace);
        for (String note : result.notes()) {
            io.err().println("note: " + note);
        }
        if (output == null) {
            io.out().print(WorkflowWriter.toYaml(result.workflow()));
            return Main.OK;
        }
        try {
            WorkflowWriter.write(result.workflow(), output);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--output: cannot write into " + output + ": " + e.getMessage());
        }
        io.err().printf("wrote %s (%d functions, %d edges) to %s%n", result.workflow().name(), result.workflow().size(),
                result.workflow().edgeCount(), output);
        return Main.OK;
    }
}
