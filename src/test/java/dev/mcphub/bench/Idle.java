package dev.mcphub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a process is idle again: its CPU, sampled every 10 ms, grows by at most one clock tick (10 ms) over a
 * 500 ms window. Used after a burst of disconnects, and before each load point so that a point does not
 * measure what the previous one left the hub doing.
 */
final class Idle {
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long QUIET_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long TICK_NANOS = 10_000_000L;

    private Idle() {}

    /**
     * Samples {@code cpu} (ns) until it has been flat for the quiet window; returns the milliseconds from
     * {@code t0} until it became flat, or the limit (20 s) when it never did.
     */
    static double millis(LongSupplier cpu, long t0) {
        List<long[]> samples = new ArrayList<>();
        while (true) {
            long now = System.nanoTime();
            long c = cpu.getAsLong();
            samples.add(new long[] {now, c});
            long[] flatSince = samples.stream()
                    .filter(s -> c - s[1] <= TICK_NANOS)
                    .findFirst()
                    .orElseThrow();
            if (now - flatSince[0] >= QUIET_WINDOW_NANOS || c < 0) {
                return Math.max(0, flatSince[0] - t0) / 1e6;
            }
            if (now - t0 > LIMIT_NANOS) {
                return LIMIT_NANOS / 1e6;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
    }
}
