package dev.faasflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.Benchmarks;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.Workflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code faasflow serve [WORKFLOW...]}: the embedded engine kept running with its gateway and web console on
 * loopback, the given workflows (default: the eight benchmarks) installed; prints the console's link (with its
 * token) and the gateway's, and serves until Ctrl-C or {@code --seconds}.
 */
@Command(name = "serve", sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = true,
        description = "Keep an embedded engine running with its gateway and web console on 127.0.0.1; install the "
                + "workflows given (default: the eight benchmarks), optionally run each a few times; serve until Ctrl-C.")
final class ServeCommand extends CliCommand {
    static final int MAX_SECONDS = 7 * 24 * 3600;

    @Parameters(paramLabel = "WORKFLOW", arity = "0..*", description = "Files, folders or benchmark names.")
    List<String> workflows = new ArrayList<>();

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "7", description = "Simulated nodes (1 to " + RunCommand.MAX_NODES + ").")
    int nodes;

    @Option(names = "--invocations", paramLabel = "N", defaultValue = "0", description = "Run each workflow this many times at start.")
    int invocations;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "0.1", description = "Replayed functions sleep runtime × this.")
    double timeScale;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after this long (default: at Ctrl-C).")
    Integer seconds;

    @Override
    public Integer call() throws Exception {
        List<Workflow> wfs = new ArrayList<>();
        for (String w : workflows.isEmpty() ? Benchmarks.NAMES : workflows) {
            wfs.add(Benchmarks.loadPathOrName(w));
        }
        EmbeddedOptions options = EmbeddedOptions.defaults(Ranges.whole(spec, "--nodes", nodes, 1, RunCommand.MAX_NODES));
        int count = Ranges.whole(spec, "--invocations", invocations, 0, 10_000);
        double scale = Ranges.number(spec, "--time-scale", timeScale, 0, RunCommand.MAX_TIME_SCALE);
        Integer stopAfter = seconds == null ? null : Ranges.whole(spec, "--seconds", seconds, 1, MAX_SECONDS);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "faasflow-serve-stop"));
        try (EmbeddedCluster cluster = EmbeddedCluster.start(options)) {
            for (Workflow wf : wfs) {
                cluster.deploy(wf, GroupingOptions.defaults(), ControlMode.WORKER_SP);
            }
            ObjectMapper json = new ObjectMapper();
            for (Workflow wf : wfs) {
                String input = Benchmarks.defaultInput(wf.name());
                JsonNode given = input == null ? json.createObjectNode() : json.readTree(input);
                for (int i = 0; i < count; i++) {
                    cluster.invoke(wf.name(), given, new InvokeOptions(300_000, true, scale)).result().get(10, TimeUnit.MINUTES);
                }
            }
            io.out().println("console: " + cluster.consoleUrl());
            io.out().println("gateway: " + cluster.gatewayUrl() + " (Authorization: Bearer " + cluster.gatewayToken() + ")");
            io.out().println(wfs.size() + " workflows installed on " + options.nodes() + " nodes; Ctrl-C stops");
            io.out().flush();
            if (stopAfter == null) {
                stop.await();
            } else {
                stop.await(stopAfter, TimeUnit.SECONDS);
            }
        }
        return Main.OK;
    }
}
