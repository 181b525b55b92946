package dev.faasflow.functions;

import io.vertx.core.Vertx;

import java.util.Locale;

/**
 * Runs the function runtime as a process (a container image's entry point) serving every built-in
 * implementation.
 *
 * <pre>
 * java dev.faasflow.functions.FunctionServerMain [--port N] [--host H] [--strict] [--max-runs N]
 * </pre>
 * Environment (used when the flag is absent): {@code FAASFLOW_FUNCTION_PORT} (default 8080),
 * {@code FAASFLOW_FUNCTION_HOST} (default 0.0.0.0), {@code FAASFLOW_FUNCTION_STRICT} (true/false, default
 * false), {@code FAASFLOW_FUNCTION_MAX_RUNS} (default 4096).
 */
public final class FunctionServerMain {
    private FunctionServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = intValue(System.getenv("FAASFLOW_FUNCTION_PORT"), 8080, "FAASFLOW_FUNCTION_PORT");
        String host = orDefault(System.getenv("FAASFLOW_FUNCTION_HOST"), "0.0.0.0");
        boolean strict = Boolean.parseBoolean(orDefault(System.getenv("FAASFLOW_FUNCTION_STRICT"), "false")
                .trim().toLowerCase(Locale.ROOT));
        int maxRuns = intValue(System.getenv("FAASFLOW_FUNCTION_MAX_RUNS"), 4096, "FAASFLOW_FUNCTION_MAX_RUNS");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--port" -> port = intValue(value != null ? value : next(args, ++i, arg), 0, arg);
                case "--host" -> host = value != null ? value : next(args, ++i, arg);
                case "--strict" -> strict = value == null || Boolean.parseBoolean(value);
                case "--max-runs" -> maxRuns = intValue(value != null ? value : next(args, ++i, arg), 0, arg);
                case "--help", "-h" -> {
                    System.out.println("usage: FunctionServerMain [--port N] [--host H] [--strict] [--max-runs N]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument '" + args[i] + "' (try --help)");
                    System.exit(2);
                }
            }
        }
        Vertx vertx = Vertx.vertx();
        FunctionRegistry registry = FunctionRegistry.builtins();
        FunctionServer server = new FunctionServer(registry,
                new FunctionServerOptions().strict(strict).maxConcurrentRuns(maxRuns));
        int bound;
        try {
            bound = server.start(vertx, host, port).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            System.err.println("cannot listen on " + host + ":" + port + ": " + e.getMessage());
            vertx.close();
            System.exit(1);
            return;
        }
        System.out.println("faasflow function runtime listening on " + host + ":" + bound
                + (strict ? " (strict)" : "") + ", " + registry.names().size() + " implementations");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop().toCompletionStage().toCompletableFuture().get();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            vertx.close();
        }, "faasflow-function-shutdown"));
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int intValue(String value, int fallback, String what) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            System.err.println(what + " must be an integer, got '" + value + "'");
            System.exit(2);
            return fallback;
        }
    }
}
