package dev.faasflow.cli;

import dev.faasflow.grouping.GroupingBenchmark;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code faasflow bench grouping|store|engine [--json]}: rerunnable harnesses that print numbers. */
final class BenchCommand {
    static final String USAGE = "bench grouping [--json] [--quick]";

    private BenchCommand() {
    }

    static int run(List<String> argv, PrintStream out) throws Exception {
        if (argv.isEmpty()) {
            throw new UsageException("bench needs a target: grouping");
        }
        String target = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        switch (target) {
            case "grouping" -> {
                Args args = Args.parse(rest, Set.of(), Set.of("json", "quick"));
                GroupingBenchmark.print(GroupingBenchmark.run(!args.flag("quick")), args.flag("json"), out);
                return 0;
            }
            default -> throw new UsageException("unknown bench target '" + target + "' (grouping)");
        }
    }
}
