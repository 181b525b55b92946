package dev.faasflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-line form of a command that README's command reference shows, made from the command's model:
 * {@code ./faasflow plan FILE [--nodes 7] [--data-mode optimized|raw] [--quota BYTES] [--json]}. An option's
 * value is written as its allowed values when it has a fixed set, else its default, else its label. The help
 * of every command starts with it, so the reference and the help cannot drift apart.
 */
final class Synopsis {
    private static final int WIDTH = 110;

    private Synopsis() {
    }

    static String of(CommandSpec spec) {
        StringBuilder s = new StringBuilder("./").append(spec.qualifiedName());
        for (PositionalParamSpec p : spec.positionalParameters()) {
            s.append(' ').append(p.paramLabel());
        }
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || o.hidden() || o.inherited() || o.scopeType() == CommandLine.ScopeType.INHERIT) {
                continue;
            }
            s.append(" [").append(o.longestName());
            if (o.arity().max() > 0) {
                s.append(' ').append(value(o));
            }
            s.append(']');
        }
        return s.toString();
    }

    private static String value(ArgSpec o) {
        if (o.completionCandidates() != null) {
            List<String> values = new ArrayList<>();
            o.completionCandidates().forEach(values::add);
            return String.join("|", values);
        }
        return o.defaultValue() != null ? o.defaultValue() : o.paramLabel();
    }

    /**
     * Wrapped at {@value #WIDTH} columns, continuation lines indented under the first option.
     *
     * @param margin columns already taken on the first line (the help's "Usage: ")
     */
    static String wrapped(CommandSpec spec, int margin) {
        String line = of(spec);
        int indent = margin + line.indexOf(" [") + 1;
        StringBuilder out = new StringBuilder();
        int column = margin;
        for (String word : line.split(" (?=\\[)")) {
            if (column > margin && column + 1 + word.length() > WIDTH) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
            } else if (column > margin) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    /** Every command of the tree with subcommands of its own (bench) lists them; the others show {@link #of}. */
    static void install(CommandLine cli) {
        for (CommandLine command : all(cli)) {
            CommandSpec spec = command.getCommandSpec();
            if (spec.parent() == null || !spec.subcommands().isEmpty() || spec.userObject() instanceof CommandLine.HelpCommand) {
                continue;
            }
            command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                    help -> wrapped(spec, help.synopsisHeading().length()) + "\n");
        }
    }

    static List<CommandLine> all(CommandLine root) {
        List<CommandLine> out = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!out.contains(sub)) {
                for (CommandLine c : all(sub)) {
                    if (!out.contains(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }
}
