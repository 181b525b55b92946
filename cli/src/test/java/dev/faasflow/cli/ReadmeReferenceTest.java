package dev.faasflow.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's command reference shows each command exactly as its generated help does. */
class ReadmeReferenceTest {
    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void everyCommandOfTheReferenceIsTheGeneratedSynopsis() throws Exception {
        String readme = normalized(Files.readString(Path.of("..", "README.md")));
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cli = Main.commandLine(new Main(), nowhere, nowhere);
        List<String> checked = new ArrayList<>();
        for (CommandLine command : Synopsis.all(cli)) {
            CommandSpec spec = command.getCommandSpec();
            if (spec.parent() == null || !spec.subcommands().isEmpty() || spec.userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            String synopsis = Synopsis.of(spec);
            assertTrue(readme.contains(synopsis + " "), "README.md lacks (whitespace aside) the line\n" + synopsis);
            checked.add(spec.qualifiedName());
        }
        assertEquals(List.of("faasflow plan", "faasflow import", "faasflow run", "faasflow bench grouping",
                "faasflow bench store", "faasflow bench engine", "faasflow bench dag", "faasflow bench faults", "faasflow submit",
                "faasflow get", "faasflow watch", "faasflow logs", "faasflow serve", "faasflow completion"), checked);
    }
}
