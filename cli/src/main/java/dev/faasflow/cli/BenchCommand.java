package dev.faasflow.cli;

import dev.faasflow.bench.DagBenchmark;
import dev.faasflow.bench.EngineBenchmark;
import dev.faasflow.bench.GroupingBenchmark;
import dev.faasflow.bench.StoreBenchmark;
import dev.faasflow.bench.faults.FaultBenchmark;
import dev.faasflow.processes.ProcessCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;

/** {@code faasflow bench grouping|store|engine|dag|faults}: rerunnable harnesses that print numbers. */
@Command(name = "bench", usageHelpAutoWidth = true, synopsisSubcommandLabel = "grouping|store|engine|dag|faults",
        subcommands = {BenchCommand.Grouping.class, BenchCommand.Store.class, BenchCommand.Engine.class,
                BenchCommand.Dag.class, BenchCommand.Faults.class},
        description = "Rerunnable benchmarks that print their numbers (docs/BENCHMARKS.md has the last ones).")
final class BenchCommand extends CliCommand {
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "bench needs a target: grouping, store, engine, dag or faults");
    }

    /** Every harness prints a table, or one JSON object. */
    abstract static class Target extends CliCommand {
        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;
    }

    @Command(name = "grouping", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Planning time of the eight benchmarks and of generated DAGs of 100, 1,000 and 10,000 functions.")
    static final class Grouping extends Target {
        @Option(names = "--quick", description = "Leave out the 10,000-function DAGs.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            GroupingBenchmark.print(GroupingBenchmark.run(!quick), json, io.out());
            return Main.OK;
        }
    }

    @Command(name = "store", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "FaaStore put/get throughput and latency, local tier vs Redis, 1 KB / 1 MB / 16 MB values.")
    static final class Store extends Target {
        static final int MAX_RATE_MBPS = 100_000;

        @Option(names = "--redis", paramLabel = "redis://HOST:PORT",
                description = "The Redis to measure on loopback (default: a private redis-server started here).")
        String redis;

        @Option(names = "--limited-link",
                description = "Also measure Redis on a storage node behind a rate-limited link (root: its own network "
                        + "namespace, tc tbf).")
        boolean limitedLink;

        @Option(names = "--rate", defaultValue = "" + StoreBenchmark.Settings.DEFAULT_RATE_MBPS, paramLabel = "MBps",
                description = "The limited link's rate in MB/s.")
        int rate;

        @Option(names = "--quick", description = "Fewer operations per size.")
        boolean quick;

        @Override
        public Integer call() {
            return StoreBenchmark.run(new StoreBenchmark.Settings(json, Ranges.redis(spec, "--redis", redis), limitedLink,
                    Ranges.whole(spec, "--rate", rate, 1, MAX_RATE_MBPS), quick), io.out());
        }
    }

    @Command(name = "engine", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Schedule overhead WorkerSP vs MasterSP and data overhead optimized vs raw for the eight "
                    + "benchmarks (real Redis), same-node trigger latency, an agent's no-op throughput, peak memory.")
    static final class Engine extends Target {
        static final int MAX_REPEATS = 1_000;

        @Option(names = "--remote", paramLabel = "redis://HOST:PORT",
                description = "The Redis of the remote tier (default: a private redis-server started here).")
        String remote;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "Invocations per measurement (their median counts).")
        int repeats;

        @Option(names = "--time-scale", paramLabel = "F", defaultValue = "0.01", description = "Replayed functions sleep runtime × this.")
        double timeScale;

        @Option(names = "--engine-only", description = "Skip the benchmarks: only trigger latency and throughput.")
        boolean engineOnly;

        @Override
        public Integer call() throws Exception {
            return EngineBenchmark.run(new EngineBenchmark.Settings(
                    Ranges.whole(spec, "--repeats", repeats, 1, MAX_REPEATS),
                    Ranges.number(spec, "--time-scale", timeScale, 0, RunCommand.MAX_TIME_SCALE),
                    Ranges.redis(spec, "--remote", remote), json, !engineOnly), io.out(), io.err());
        }
    }

    @Command(name = "faults", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "Each node and the coordinator as its own process (in network namespaces as root) under a "
                    + "steady load while the coordinator, an agent, a function runtime and Redis are killed or stopped "
                    + "and links cut or delayed; per scenario: sent, succeeded, failed with a reason, timed out, lost, "
                    + "state left behind.")
    static final class Faults extends Target {
        static final int MAX_INVOCATIONS = 1_000_000;
        static final double MAX_RATE = 10_000;
        static final double MAX_SECONDS = 3_600;

        @Option(names = "--invocations", paramLabel = "N", defaultValue = "" + FaultBenchmark.Settings.DEFAULT_INVOCATIONS,
                description = "Invocations per scenario.")
        int invocations;

        @Option(names = "--rate", paramLabel = "PER_S", defaultValue = "" + FaultBenchmark.Settings.DEFAULT_RATE,
                description = "Invocations sent per second, steadily.")
        double rate;

        @Option(names = "--timeout", paramLabel = "S", defaultValue = "" + FaultBenchmark.Settings.DEFAULT_TIMEOUT_SECONDS,
                description = "Each invocation's timeout in seconds.")
        double timeout;

        @Option(names = "--fault-seconds", paramLabel = "S", defaultValue = "" + FaultBenchmark.Settings.DEFAULT_FAULT_SECONDS,
                description = "How long a stop or a link fault lasts.")
        double faultSeconds;

        @Option(names = "--time-scale", paramLabel = "F", defaultValue = "" + FaultBenchmark.Settings.DEFAULT_TIME_SCALE,
                description = "Replayed functions sleep runtime × this.")
        double timeScale;

        @Option(names = "--scenario", paramLabel = "NAME", split = ",",
                description = "Run only these (default: all): none, coordinator-kill, coordinator-stop, agent-kill, "
                        + "runtime-kill, redis-kill, redis-stop, link-drop, link-delay.")
        List<String> scenarios = new ArrayList<>();

        @Option(names = "--no-netns", description = "Plain processes on loopback even as root (the link scenarios are skipped).")
        boolean noNetns;

        @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
                description = "Retry every function up to N times (the workflow's defaults.retry) and send a submission "
                        + "the gateway refused again, as a client would; 0: no retries.")
        int retries;

        @Override
        public Integer call() throws Exception {
            for (String name : scenarios) {
                if (!FaultBenchmark.Settings.known().contains(name)) {
                    throw new ParameterException(spec.commandLine(), "--scenario: unknown scenario '" + name + "' (known: "
                            + String.join(", ", FaultBenchmark.Settings.known()) + ")");
                }
            }
            boolean root = ProcessCluster.isRoot();
            if (!root && !noNetns) {
                io.err().println("note: not root, so plain processes on loopback; the link scenarios are skipped");
            }
            return FaultBenchmark.run(new FaultBenchmark.Settings(
                    Ranges.whole(spec, "--invocations", invocations, 1, MAX_INVOCATIONS),
                    Ranges.number(spec, "--rate", rate, 0.1, MAX_RATE),
                    Ranges.number(spec, "--timeout", timeout, 1, MAX_SECONDS),
                    Ranges.number(spec, "--time-scale", timeScale, 0, RunCommand.MAX_TIME_SCALE),
                    Ranges.number(spec, "--fault-seconds", faultSeconds, 0.1, MAX_SECONDS),
                    FaultBenchmark.Settings.DEFAULT_SETTLE_SECONDS, scenarios, root && !noNetns, json,
                    List.of(), Ranges.whole(spec, "--retries", retries, 0, dev.faasflow.workflow.Limits.MAX_RETRY_LIMIT)),
                    io.out(), io.err());
        }
    }

    @Command(name = "dag", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
            description = "A generated scientific DAG run embedded on nodes of limited slots: end-to-end time against "
                    + "the critical path and against the ideal (total work / total slots), and the nodes' queues.")
    static final class Dag extends Target {
        static final int MAX_TASKS = 100_000;

        @Option(names = "--tasks", paramLabel = "N", defaultValue = "1000", description = "Functions of the DAG.")
        int tasks;

        @Option(names = "--programs", paramLabel = "N", defaultValue = "14", description = "Distinct programs (images), one stage each.")
        int programs;

        @Option(names = "--nodes", paramLabel = "N", defaultValue = "7", description = "Simulated nodes.")
        int nodes;

        @Option(names = "--slots", paramLabel = "N", defaultValue = "120", description = "Slots of each node.")
        int slots;

        @Option(names = "--invocations", paramLabel = "N", defaultValue = "1", description = "Invocations run at once.")
        int invocations;

        @Option(names = "--time-scale", paramLabel = "F", defaultValue = "0.01", description = "Replayed functions sleep runtime × this.")
        double timeScale;

        @Option(names = "--size-factor", paramLabel = "F", defaultValue = "0.001",
                description = "Data sizes × this (1: the generator's 10 KB to 100 MB per output).")
        double sizeFactor;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1000", description = "Seed of the generated DAG.")
        long seed;

        @Override
        public Integer call() throws Exception {
            int p = Ranges.whole(spec, "--programs", programs, 1, 1_000);
            int t = Ranges.whole(spec, "--tasks", tasks, p, MAX_TASKS);
            return DagBenchmark.run(new DagBenchmark.Settings(t, p,
                    Ranges.whole(spec, "--nodes", nodes, 1, RunCommand.MAX_NODES),
                    Ranges.whole(spec, "--slots", slots, 3, PlanCommand.MAX_SLOTS),
                    Ranges.whole(spec, "--invocations", invocations, 1, 100),
                    Ranges.number(spec, "--time-scale", timeScale, 0, RunCommand.MAX_TIME_SCALE),
                    Ranges.number(spec, "--size-factor", sizeFactor, 1e-6, 1), seed, json), io.out(), io.err());
        }
    }
}
