package dev.faasflow.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** What every command has: where it prints, its model (for errors naming an option) and {@code --help}. */
abstract class CliCommand implements Callable<Integer> {
    final Main.Console io;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    CliCommand(Main.Console io) {
        this.io = io;
    }
}
