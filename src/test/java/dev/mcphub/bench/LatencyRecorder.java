package dev.mcphub.bench;

import java.util.Arrays;

/**
 * Latencies of one worker, in nanoseconds: a growable array of longs, sorted once at the end. Exact percentiles
 * at a cost of eight bytes per call, which for a bounded run (at most a few hundred thousand calls) is less than
 * a histogram library would load. Not thread-safe: each worker owns one and they are merged after the run.
 */
final class LatencyRecorder {
    private long[] values = new long[4096];
    private int count;

    void record(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    int count() {
        return count;
    }

    void addAll(LatencyRecorder other) {
        if (count + other.count > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, count + other.count));
        }
        System.arraycopy(other.values, 0, values, count, other.count);
        count += other.count;
    }

    /** Sorts what was recorded and reads the percentiles; recording after this is allowed but unsorted. */
    Summary summarize() {
        Arrays.sort(values, 0, count);
        return new Summary(count, percentile(0.50), percentile(0.99), count == 0 ? 0 : values[count - 1]);
    }

    /** Nearest-rank percentile of the sorted values; 0 when nothing was recorded. */
    private long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * count);
        return values[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    /** Percentiles in nanoseconds. */
    record Summary(int count, long p50, long p99, long max) {
        double p50Ms() {
            return p50 / 1e6;
        }

        double p99Ms() {
            return p99 / 1e6;
        }

        double maxMs() {
            return max / 1e6;
        }
    }
}
