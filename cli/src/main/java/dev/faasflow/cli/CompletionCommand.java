package dev.faasflow.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code faasflow completion}: a completion script for bash and zsh, generated from the command tree. */
@Command(name = "completion", usageHelpAutoWidth = true,
        description = {"Print a shell completion script for bash and zsh (zsh: after 'autoload -U bashcompinit && bashcompinit').",
            "Use: source <(./faasflow completion)"})
final class CompletionCommand extends CliCommand {
    @Override
    public Integer call() {
        io.out().print(AutoComplete.bash("faasflow", spec.root().commandLine()));
        return Main.OK;
    }
}
