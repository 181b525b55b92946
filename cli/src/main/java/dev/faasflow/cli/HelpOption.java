package dev.faasflow.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command (not inherited: picocli's own {@code help} command has one too). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
