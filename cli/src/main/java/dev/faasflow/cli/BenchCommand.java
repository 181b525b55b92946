package dev.faasflow.cli;

import dev.faasflow.bench.GroupingBenchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code faasflow bench grouping|store|engine [--json]}: rerunnable harnesses that print numbers. */
final class BenchCommand {
    static final String USAGE = "bench grouping|store|engine [--json] (grouping: [--quick]; store: [--redis URL] "
            + "[--limited-link]; engine: [--remote URL] [--repeats N] [--time-scale F] [--engine-only])";

    private BenchCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("bench needs a target: grouping, store or engine");
        }
        String target = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        switch (target) {
            case "grouping" -> {
                Args args = Args.parse(rest, Set.of(), Set.of("json", "quick"));
                GroupingBenchmark.print(GroupingBenchmark.run(!args.flag("quick")), args.flag("json"), out);
                return 0;
            }
            case "store" -> {
                return dev.faasflow.bench.StoreBenchmark.run(rest.toArray(String[]::new), out);
            }
            case "engine" -> {
                Args args = Args.parse(rest, Set.of("remote", "repeats", "time-scale"), Set.of("json", "engine-only"));
                return dev.faasflow.bench.EngineBenchmark.run(new dev.faasflow.bench.EngineBenchmark.Settings(
                        args.integer("repeats", 5, 1), args.decimal("time-scale", 0.01), args.string("remote", null),
                        args.flag("json"), !args.flag("engine-only")), out, System.err);
            }
            default -> throw new UsageException("unknown bench target '" + target + "' (grouping, store or engine)");
        }
    }
}
