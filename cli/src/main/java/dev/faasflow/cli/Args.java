package dev.faasflow.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small option parser: {@code --name value}, {@code --name=value}, boolean {@code --flag}, positionals. */
public final class Args {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();

    private Args() {
    }

    /**
     * @param valued  options that take a value
     * @param flags   options that take none
     */
    public static Args parse(List<String> argv, Set<String> valued, Set<String> flags) throws UsageException {
        Args args = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name)) {
                    if (value != null) {
                        throw new UsageException("--" + name + " takes no value");
                    }
                    args.options.put(name, "true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("--" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    args.options.put(name, value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                args.positionals.add(a);
            }
        }
        return args;
    }

    public List<String> positionals() {
        return positionals;
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public String string(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    public int integer(String name, int fallback, int min) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min) {
                throw new UsageException("--" + name + " must be at least " + min + ", got " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a whole number, got '" + v + "'");
        }
    }

    public double decimal(String name, double fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new UsageException("--" + name + " must be a non-negative number, got '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " expects a number, got '" + v + "'");
        }
    }

    public String onePositional(String what) throws UsageException {
        if (positionals.size() != 1) {
            throw new UsageException("expected exactly one " + what + (positionals.isEmpty() ? "" : ", got " + positionals));
        }
        return positionals.get(0);
    }
}
