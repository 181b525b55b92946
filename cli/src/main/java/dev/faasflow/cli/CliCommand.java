package dev.faasflow.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every command has: where it prints (set by {@link Main}'s factory as it creates the command), its model
 * (for errors naming an option) and {@code --help}.
 */
abstract class CliCommand implements Callable<Integer> {
    Main.Console io;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;
}
