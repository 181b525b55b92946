package dev.faasflow.functions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Runs a function server as a process (a container image's entry point, or {@code ./faasflow run --functions}):
 * it serves every function that the {@link FunctionProvider}s on the class path register
 * ({@link FunctionRegistry#discover()}). Each option falls back to an environment variable, then to its default:
 * {@code FAASFLOW_FUNCTION_PORT} (8080), {@code FAASFLOW_FUNCTION_HOST} (0.0.0.0), {@code FAASFLOW_FUNCTION_STRICT}
 * (false), {@code FAASFLOW_FUNCTION_MAX_RUNS} (4096). Exit status: 1 it cannot listen, 2 bad usage or no functions.
 */
@Command(name = "FunctionServerMain", mixinStandardHelpOptions = false, sortOptions = false, showDefaultValues = true,
        description = "A faasflow function server: serves the functions of the class path's FunctionProviders "
                + "over the function contract.")
public final class FunctionServerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionServerMain.class);
    /** How long a stopping server lets runs in flight finish. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:FAASFLOW_FUNCTION_PORT:-8080}",
            description = "Port to listen on (0: any free port; env FAASFLOW_FUNCTION_PORT).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "${env:FAASFLOW_FUNCTION_HOST:-0.0.0.0}",
            description = "Address to bind (env FAASFLOW_FUNCTION_HOST).")
    String host;

    @Option(names = "--strict", arity = "0..1", fallbackValue = "true",
            defaultValue = "${env:FAASFLOW_FUNCTION_STRICT:-false}",
            description = "Answer 404 for an unknown implementation even when there is a fallback "
                    + "(env FAASFLOW_FUNCTION_STRICT).")
    boolean strict;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "${env:FAASFLOW_FUNCTION_MAX_RUNS:-4096}",
            description = "Runs in flight at most; more are answered 503 (env FAASFLOW_FUNCTION_MAX_RUNS).")
    int maxRuns;

    private final Supplier<FunctionRegistry> registries;
    private FunctionServer server;

    FunctionServerMain(Supplier<FunctionRegistry> registries) {
        this.registries = Objects.requireNonNull(registries, "registries");
    }

    /** Serves the functions the class path's providers register. */
    public static void main(String[] args) {
        main(args, FunctionRegistry::discover);
    }

    /**
     * Serves the functions of {@code registry} (a runtime with functions of its own, such as the benchmark
     * runtime's image). Returns once the server listens; exits the process with status 1 or 2 on failure.
     */
    public static void main(String[] args, Supplier<FunctionRegistry> registry) {
        int status = command(registry).execute(args);
        if (status != 0) {
            System.exit(status);
        }
        // 0: the server runs on its own threads until the process is stopped.
    }

    static CommandLine command(Supplier<FunctionRegistry> registry) {
        CommandLine cli = new CommandLine(new FunctionServerMain(registry));
        cli.setParameterExceptionHandler((e, args) -> {
            cli.getErr().println("FunctionServerMain: " + e.getMessage() + " (try --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            cli.getErr().println("FunctionServerMain: " + FunctionRuntime.describe(e));
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        if (maxRuns < 1) {
            throw new ParameterException(spec.commandLine(), "--max-runs must be at least 1, got " + maxRuns);
        }
        FunctionRegistry registry = registries.get();
        if (registry.isEmpty()) {
            spec.commandLine().getErr().println("FunctionServerMain: no functions to serve: no jar on the class path "
                    + "lists a provider in META-INF/services/" + FunctionProvider.class.getName());
            return 2;
        }
        server = new FunctionServer(registry, new FunctionServerOptions().strict(strict).maxConcurrentRuns(maxRuns));
        int bound;
        try {
            bound = server.start(host, port);
        } catch (IOException | RuntimeException e) {
            spec.commandLine().getErr().println("cannot listen on " + host + ":" + port + ": "
                    + FunctionRuntime.describe(e));
            server = null;
            return 1;
        }
        LOG.info("function server listening on {}:{}{}, {} implementations{}", host, bound, strict ? " (strict)" : "",
                registry.names().size(), registry.fallbackName() == null || strict ? ""
                        : ", fallback " + registry.fallbackName());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "faasflow-function-shutdown"));
        return 0;
    }

    /** Stops the server this command started, if any, letting runs in flight finish briefly. */
    synchronized void stop() {
        if (server != null) {
            server.stop(STOP_GRACE);
            server = null;
        }
    }
}
