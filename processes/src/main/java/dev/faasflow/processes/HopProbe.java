package dev.faasflow.processes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures one cross-node hop as the engine makes it: a small HTTP request and its answer over a kept-alive
 * connection, from the namespace this runs in to a member's URL ({@code HopProbe URL COUNT}). Prints one line
 * {@code faasflow-hop {"count":..,"p50Ms":..,"p90Ms":..,"p99Ms":..,"maxMs":..}}.
 */
public final class HopProbe {
    public static final String LINE = "faasflow-hop";
    private static final int WARMUP = 500;

    private HopProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HopProbe URL COUNT");
            System.exit(2);
        }
        int count = Integer.parseInt(args[1]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(10)).GET().build();
        double[] ms = new double[count];
        for (int i = -WARMUP; i < count; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long t1 = System.nanoTime();
            if (r.statusCode() != 200) {
                System.err.println("HopProbe: " + args[0] + " answered " + r.statusCode());
                System.exit(1);
            }
            if (i >= 0) {
                ms[i] = (t1 - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("p50Ms", ms[(int) (count * 0.50)]);
        out.put("p90Ms", ms[(int) (count * 0.90)]);
        out.put("p99Ms", ms[Math.min(count - 1, (int) (count * 0.99))]);
        out.put("maxMs", ms[count - 1]);
        ProcessLines.print(System.out, LINE, out);
    }
}
