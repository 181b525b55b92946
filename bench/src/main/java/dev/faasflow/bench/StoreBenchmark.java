package dev.faasflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faasflow.faastore.Blob;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.fixtures.RedisServerProcess;
import dev.faasflow.processes.ProcessCluster;
import dev.faasflow.processes.StorageLink;
import dev.faasflow.workflow.Destination;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Throughput and latency of the local tier against the remote tier for 1 KB, 1 MB and 16 MB values.
 *
 * Without a Redis URL ({@code ./faasflow bench store --redis}) it starts a private redis-server on loopback (if one is installed) and stops
 * it afterwards. {@code --limited-link} (root only) also measures Redis on a storage node behind a rate-limited
 * link ({@link StorageLink}: its own network namespace, tc tbf; default 50 MB/s). Every operation goes through {@link FaaStore}.
 * Rows: {@code local} uses the store as the agent does (a put wraps the caller's array, a get returns the
 * stored one: no byte is copied); {@code local+copy} adds a copy in and a copy out, what a caller that
 * keeps its own buffer pays; {@code remote} wraps on put (Redisson copies to the socket) and returns the
 * decoded array on get. Not a test: it only measures and reports.
 */
public final class StoreBenchmark {
    static final int KB = 1024;
    static final int MB = 1024 * 1024;
    static final int[] SIZES = {KB, MB, 16 * MB};
    private static final double MB_DECIMAL = 1e6;
    private static final double GOAL_LOCAL_MBPS = 1000;
    private static final double GOAL_RATIO = 10;

    private StoreBenchmark() {
    }

    /**
     * What to measure.
     *
     * @param redisUrl   the loopback Redis to measure, or null to start a private one
     * @param rateMBps   the limited link's rate
     * @param quick      fewer operations per size
     */
    public record Settings(boolean json, String redisUrl, boolean limitedLink, int rateMBps, boolean quick) {
        public static final int DEFAULT_RATE_MBPS = 50;
    }

    /** Runs the benchmark and prints a table (or one JSON object); returns an exit code (1: a tier failed). */
    public static int run(Settings options, PrintStream out) {
        List<Measurement> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int exit = 0;
        String loopback = null;

        results.addAll(measureLocal(options));

        try (RedisTarget target = RedisTarget.open(options.redisUrl())) {
            if (target == null) {
                notes.add("remote tier on loopback skipped: " + RedisServerProcess.missingBinaryAdvice());
            } else {
                loopback = target.url;
                results.addAll(measureRemote(target.url, "remote", options.quick() ? 64L * MB : 512L * MB));
            }
        } catch (IOException | RuntimeException e) {
            notes.add("remote tier on loopback failed: " + e.getMessage());
            exit = 1;
        }

        if (options.limitedLink()) {
            exit = Math.max(exit, measureLimited(options, results, notes));
        }

        Map<String, Object> goals = goals(results, loopback != null);
        if (options.json()) {
            printJson(out, results, goals, notes);
        } else {
            printTable(out, results, goals, notes);
        }
        return exit;
    }

    private static List<Measurement> measureLocal(Settings options) {
        StoreConfig config = new StoreConfig(DataMode.OPTIMIZED, Long.MAX_VALUE, Long.MAX_VALUE);
        // The remote tier is never touched by MEM puts; the stand-in only completes the store.
        long budget = options.quick() ? 64L * MB : 512L * MB;
        try (FaaStore store = FaaStore.embedded(config)) {
            List<Measurement> out = new ArrayList<>(measure(store, Destination.MEM, "local", "this JVM's memory, zero-copy", budget, false));
            out.addAll(measure(store, Destination.MEM, "local+copy", "this JVM's memory, copy in and out", budget, true));
            return out;
        }
    }

    private static List<Measurement> measureRemote(String url, String tier, long byteBudget) {
        try (FaaStore store = FaaStore.withRedis(StoreConfig.defaults().withDataMode(DataMode.RAW), RedisConfig.single(url))) {
            return measure(store, Destination.DB, tier, url, byteBudget, false);
        }
    }

    private static int measureLimited(Settings options, List<Measurement> results, List<String> notes) {
        try (StorageLink link = StorageLink.start(options.rateMBps())) {
            String where = link.url() + " over a " + options.rateMBps() + " MB/s link";
            results.addAll(measureRemote(link.url(), "remote-limited", options.quick() ? 16L * MB : 96L * MB).stream()
                    .map(m -> new Measurement(m.tier(), where, m.sizeBytes(), m.operations(), m.putMBps(), m.getMBps(),
                            m.putGetMBps(), m.putP50Ms(), m.putP99Ms(), m.getP50Ms(), m.getP99Ms()))
                    .toList());
            return 0;
        } catch (ProcessCluster.UnavailableHereException e) {
            notes.add("limited link skipped: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            notes.add("limited link failed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Sequential put, get and (untimed) delete of one value per operation, for each size.
     *
     * @param copy copy the bytes in on put and out on get, instead of handing arrays over
     */
    static List<Measurement> measure(FaaStore store, Destination destination, String tier, String where, long byteBudget,
                                     boolean copy) {
        List<Measurement> out = new ArrayList<>();
        for (int size : SIZES) {
            int operations = (int) Math.max(5, Math.min(2000, byteBudget / size));
            int warmup = Math.max(2, operations / 10);
            byte[] source = new byte[size];
            new Random(size).nextBytes(source);
            byte[] sink = new byte[size];
            byte[] last = null;
            long[] putNanos = new long[operations];
            long[] getNanos = new long[operations];
            String invocation = "bench-" + tier + "-" + size + "-" + System.nanoTime();
            for (int i = -warmup; i < operations; i++) {
                String key = "v" + i;
                long t0 = System.nanoTime();
                store.put(invocation, key, copy ? Blob.copyOf(source) : Blob.wrap(source), destination);
                long t1 = System.nanoTime();
                Blob got = store.get(invocation, key);
                if (copy) {
                    got.copyTo(sink, 0);
                }
                long t2 = System.nanoTime();
                last = copy ? sink : got.sharedArray();
                store.delete(invocation, key);
                if (i >= 0) {
                    putNanos[i] = t1 - t0;
                    getNanos[i] = t2 - t1;
                }
            }
            if (!Arrays.equals(source, last)) {
                throw new IllegalStateException(tier + " returned different bytes for a " + size + " B value");
            }
            store.clear(invocation);
            out.add(summarize(tier, where, size, putNanos, getNanos));
        }
        return out;
    }

    static Measurement summarize(String tier, String where, int size, long[] putNanos, long[] getNanos) {
        long putTotal = Arrays.stream(putNanos).sum();
        long getTotal = Arrays.stream(getNanos).sum();
        double bytes = (double) size * putNanos.length;
        return new Measurement(tier, where, size, putNanos.length,
                mbps(bytes, putTotal), mbps(bytes, getTotal), mbps(2 * bytes, putTotal + getTotal),
                percentileMs(putNanos, 50), percentileMs(putNanos, 99),
                percentileMs(getNanos, 50), percentileMs(getNanos, 99));
    }

    private static double mbps(double bytes, long nanos) {
        return nanos == 0 ? Double.POSITIVE_INFINITY : bytes / MB_DECIMAL / (nanos / 1e9);
    }

    /** The percentile of the samples in ms (HdrHistogram, three significant digits). */
    static double percentileMs(long[] nanos, int percentile) {
        Histogram histogram = new Histogram(3);
        for (long n : nanos) {
            histogram.recordValue(n);
        }
        return histogram.getValueAtPercentile(percentile) / 1e6;
    }

    /** The two goals, for the zero-copy local tier and for the local tier with a copy in and out. */
    private static Map<String, Object> goals(List<Measurement> results, boolean haveLoopback) {
        Map<String, Object> goals = new LinkedHashMap<>();
        Optional<Measurement> remote = haveLoopback ? find(results, "remote", 16 * MB) : Optional.empty();
        for (String tier : List.of("local", "local+copy")) {
            find(results, tier, 16 * MB).ifPresent(l -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("putGetMBps16MB", round(l.putGetMBps()));
                g.put("atLeast1GBps", l.putGetMBps() >= GOAL_LOCAL_MBPS);
                remote.ifPresent(r -> {
                    double ratio = l.putGetMBps() / r.putGetMBps();
                    g.put("overRemote16MB", round(ratio));
                    g.put("atLeast10xRemote", ratio >= GOAL_RATIO);
                });
                goals.put(tier, g);
            });
        }
        return goals;
    }

    private static Optional<Measurement> find(List<Measurement> results, String tier, int size) {
        return results.stream().filter(m -> m.tier().equals(tier) && m.sizeBytes() == size).findFirst();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void printTable(PrintStream out, List<Measurement> results, Map<String, Object> goals, List<String> notes) {
        out.println("FaaStore benchmark: sequential put + get of one value at a time through FaaStore (MB = 10^6 bytes).");
        out.println("local = the store's zero-copy API (no byte moves); local+copy = plus a copy in and out;");
        out.println("remote = Redis through Redisson (bytes cross a socket both ways).");
        out.println();
        out.printf(Locale.ROOT, "%-15s %6s %5s %10s %10s %10s %17s %17s  %s%n",
                "tier", "size", "ops", "put MB/s", "get MB/s", "both MB/s", "put p50/p99 ms", "get p50/p99 ms", "where");
        for (Measurement m : results) {
            out.printf(Locale.ROOT, "%-15s %6s %5d %10s %10s %10s %17s %17s  %s%n",
                    m.tier(), sizeLabel(m.sizeBytes()), m.operations(), rate(m.putMBps()), rate(m.getMBps()), rate(m.putGetMBps()),
                    latency(m.putP50Ms(), m.putP99Ms()), latency(m.getP50Ms(), m.getP99Ms()), m.where());
        }
        out.println();
        for (Map.Entry<String, Object> entry : goals.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> g = (Map<String, Object>) entry.getValue();
            out.printf(Locale.ROOT, "%-10s at 16 MB: >= 1 GB/s %s (%s MB/s)", entry.getKey(), met(g.get("atLeast1GBps")),
                    rate((Double) g.get("putGetMBps16MB")));
            if (g.containsKey("overRemote16MB")) {
                out.printf(Locale.ROOT, "; >= 10x remote on loopback %s (%s x)", met(g.get("atLeast10xRemote")),
                        rate((Double) g.get("overRemote16MB")));
            }
            out.println();
        }
        for (String note : notes) {
            out.println("note: " + note);
        }
    }

    /** Rates past 10^5 MB/s mean "no bytes moved": shown in scientific notation rather than as a long number. */
    private static String rate(double mbps) {
        return mbps >= 1e5 ? String.format(Locale.ROOT, "%.1e", mbps) : String.format(Locale.ROOT, "%.1f", mbps);
    }

    private static String met(Object flag) {
        return Boolean.TRUE.equals(flag) ? "met" : "NOT met";
    }

    private static String latency(double p50, double p99) {
        return String.format(Locale.ROOT, "%.3f/%.3f", p50, p99);
    }

    static String sizeLabel(int bytes) {
        return bytes >= MB ? bytes / MB + " MB" : bytes >= KB ? bytes / KB + " KB" : bytes + " B";
    }

    private static void printJson(PrintStream out, List<Measurement> results, Map<String, Object> goals, List<String> notes) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("unit", "MB = 10^6 bytes; latencies in ms");
        report.put("results", results);
        report.put("goals", goals);
        report.put("notes", notes);
        try {
            out.println(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(report));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    /** The loopback Redis: the one given, or a private one started here (null when none can be had). */
    private record RedisTarget(String url, RedisServerProcess started) implements AutoCloseable {
        static RedisTarget open(String given) throws IOException {
            if (given != null) {
                return new RedisTarget(given, null);
            }
            if (RedisServerProcess.findBinary().isEmpty()) {
                return null;
            }
            RedisServerProcess server = RedisServerProcess.start();
            return new RedisTarget(server.url(), server);
        }

        @Override
        public void close() {
            if (started != null) {
                started.stop();
            }
        }
    }
}
