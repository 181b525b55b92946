package dev.faasflow.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files a command writes on request (--trace, --timeline, --svg): checked before the work, written after it. */
final class Outputs {
    private Outputs() {
    }

    /** A usage error naming the option when {@code file} (if given) is not a file in an existing folder. */
    static void requireWritable(CommandSpec spec, String option, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + ": " + file + " is not a file in an existing folder");
        }
    }

    /** Writes {@code text}; a file that cannot be written is a usage error naming the option and the file. */
    static void write(CommandSpec spec, String option, Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(spec.commandLine(), option + ": cannot write " + file + ": " + e.getMessage());
        }
    }
}
