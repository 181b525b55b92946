package dev.faasflow.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a long command is, on standard error: on a terminal a progress bar with the rate and the time left (the
 * progressbar library), redrawn in place; otherwise, for logs and pipes, a plain line at every tenth of the work
 * ({@code 30/300 invocations done (10%)}) and at the end, never a carriage return.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream plain;
    private final String unit;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private Progress(ProgressBar bar, PrintStream plain, String unit, long total) {
        this.bar = bar;
        this.plain = plain;
        this.unit = unit;
        this.total = total;
    }

    /** A display of {@code total} {@code unit}s (plural, e.g. "invocations") for {@code io}'s error stream. */
    static Progress of(Main.Console io, String task, String unit, long total) {
        if (!io.terminal()) {
            return new Progress(null, io.err(), unit, total);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(io.err())).build();
        return new Progress(bar, null, unit, total);
    }

    /** One more done ({@code ok} false: it failed, counted in the display). Thread-safe. */
    void step(boolean ok) {
        long n = done.incrementAndGet();
        long bad = ok ? failed.get() : failed.incrementAndGet();
        if (bar != null) {
            bar.step();
            if (bad > 0) {
                bar.setExtraMessage(bad + " failed");
            }
            return;
        }
        long tenth = Math.max(1, total / 10);
        if (n % tenth == 0 || n == total) {
            synchronized (plain) {
                plain.printf(Locale.ROOT, "%d/%d %s done (%d%%)%s%n", n, total, unit, n * 100 / Math.max(1, total),
                        bad > 0 ? ", " + bad + " failed" : "");
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
