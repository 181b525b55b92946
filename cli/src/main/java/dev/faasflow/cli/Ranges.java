package dev.faasflow.cli;

import dev.faasflow.workflow.ControlMode;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.workflow.DataMode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * Checks of option values beyond their type: each failure is one line naming the option, the range and the
 * value given, and exits 2 like every usage error.
 */
final class Ranges {
    private Ranges() {
    }

    static long whole(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "%s must be a whole number from %,d to %,d, got %,d", option, min, max, value));
        }
        return value;
    }

    static int whole(CommandSpec spec, String option, int value, int min, int max) {
        return (int) whole(spec, option, (long) value, min, max);
    }

    static double number(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) { // false for NaN too
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "%s must be a number from %s to %s, got %s", option, plain(min), plain(max), value));
        }
        return value;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%,d", (long) d) : Double.toString(d);
    }

    static DataMode dataMode(CommandSpec spec, String text) {
        try {
            return DataMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--data-mode: " + e.getMessage());
        }
    }

    static ControlMode controlMode(CommandSpec spec, String text) {
        try {
            return ControlMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--control-mode: " + e.getMessage());
        }
    }

    /** A Redis address as the remote tier takes it ({@code redis://HOST:PORT}), or null when none is given. */
    static String redis(CommandSpec spec, String option, String url) {
        if (url == null) {
            return null;
        }
        try {
            RedisConfig.parse(url);
            return url;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** The allowed values, for help, the README synopsis and shell completion. */
    static final class DataModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(DataMode.values()).map(DataMode::label).iterator();
        }
    }

    static final class ControlModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ControlMode.values()).map(ControlMode::label).iterator();
        }
    }
}
