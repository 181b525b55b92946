package dev.faasflow.functions;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Runs the function runtime as a process (a container image's entry point) serving every built-in
 * implementation. Each option falls back to an environment variable, then to its default:
 * {@code FAASFLOW_FUNCTION_PORT} (8080), {@code FAASFLOW_FUNCTION_HOST} (0.0.0.0), {@code FAASFLOW_FUNCTION_STRICT}
 * (false), {@code FAASFLOW_FUNCTION_MAX_RUNS} (4096). Exit status: 1 it cannot listen, 2 bad usage.
 */
@Command(name = "FunctionServerMain", mixinStandardHelpOptions = false, sortOptions = false, showDefaultValues = true,
        description = "The faasflow function runtime: serves every built-in function over the function contract.")
public final class FunctionServerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionServerMain.class);

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
            description = "Answer 404 for an unknown implementation instead of replaying it (env FAASFLOW_FUNCTION_STRICT).")
    boolean strict;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "${env:FAASFLOW_FUNCTION_MAX_RUNS:-4096}",
            description = "Runs in flight at most; more are answered 503 (env FAASFLOW_FUNCTION_MAX_RUNS).")
    int maxRuns;

    private Vertx vertx;
    private FunctionServer server;

    FunctionServerMain() {
    }

    public static void main(String[] args) {
        int status = command().execute(args);
        if (status != 0) {
            System.exit(status);
        }
        // 0: the server runs on Vert.x's threads until the process is stopped.
    }

    static CommandLine command() {
        CommandLine cli = new CommandLine(new FunctionServerMain());
        cli.setParameterExceptionHandler((e, args) -> {
            cli.getErr().println("FunctionServerMain: " + e.getMessage() + " (try --help)");
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
        vertx = Vertx.vertx();
        FunctionRegistry registry = FunctionRegistry.builtins();
        server = new FunctionServer(registry,
                new FunctionServerOptions().strict(strict).maxConcurrentRuns(maxRuns));
        int bound;
        try {
            bound = server.start(vertx, host, port).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            spec.commandLine().getErr().println("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close();
            return 1;
        }
        LOG.info("function runtime listening on {}:{}{}, {} implementations", host, bound, strict ? " (strict)" : "",
                registry.names().size());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "faasflow-function-shutdown"));
        return 0;
    }

    /** Stops the server this command started, if any. */
    void stop() {
        if (server != null) {
            try {
                server.stop().toCompletionStage().toCompletableFuture().get();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            vertx.close();
            server = null;
        }
    }
}
