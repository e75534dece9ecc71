package dev.mcphub.hub;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Per-server counts of the requests the hub made for its clients: calls, failures, calls in flight and their
 * latency (average, maximum, and p50/p95 of the most recent calls). What the dashboard's health view shows; the
 * metrics work may feed the same observer into a real registry.
 */
public final class CallStats implements CallObserver {
    /** How many recent latencies each server keeps for its percentiles. */
    static final int RECENT = 256;

    private final Map<String, Counter> byServer = new ConcurrentHashMap<>();

    /**
     * Counts a call that reached the server's connection; notifications and calls the door refused (unknown or
     * disconnected server, unknown tool) are not counted: they never get here or never started.
     */
    @Override
    public @Nullable Object starting(ServerCall call) {
        if (call.kind() == ServerCall.Kind.NOTIFICATION) {
            return null;
        }
        counter(call.server()).started();
        return Boolean.TRUE;
    }

    @Override
    public void finished(ServerCall call, CallOutcome outcome, @Nullable Object started) {
        if (started != null) {
            finished(call.server(), outcome.duration().toNanos(), outcome.kind());
        }
    }

    /** Counts one finished call (also the unit tests' way in). */
    void finished(String server, long nanos, CallOutcome.Kind outcome) {
        counter(server).finished(nanos, outcome);
    }

    void started(String server) {
        counter(server).started();
    }

    /** The counts of every server that was called at least once. */
    public Map<String, Snapshot> snapshot() {
        Map<String, Snapshot> out = new java.util.TreeMap<>();
        byServer.forEach((server, counter) -> out.put(server, counter.snapshot()));
        return out;
    }

    private Counter counter(String server) {
        return byServer.computeIfAbsent(server, name -> new Counter());
    }

    /**
     * One server's figures.
     *
     * @param calls finished requests
     * @param errors requests that failed (JSON-RPC error, broken connection, unavailable server)
     * @param toolErrors tool calls that answered {@code isError: true}
     * @param timeouts requests with no answer in time
     * @param cancelled requests the client cancelled
     * @param active requests now waiting for the server
     * @param averageMillis mean latency of all finished requests
     * @param p50Millis median of the recent ones
     * @param p95Millis 95th percentile of the recent ones
     * @param maxMillis the slowest
     * @param lastCall when the last request finished, null if none has
     */
    public record Snapshot(
            long calls,
            long errors,
            long toolErrors,
            long timeouts,
            long cancelled,
            long active,
            double averageMillis,
            double p50Millis,
            double p95Millis,
            double maxMillis,
            @Nullable Instant lastCall) {}

    private static final class Counter {
        private final long[] recent = new long[RECENT];
        private long calls;
        private long errors;
        private long toolErrors;
        private long timeouts;
        private long cancelled;
        private long active;
        private long totalNanos;
        private long maxNanos;
        private @Nullable Instant lastCall;

        synchronized void started() {
            active++;
        }

        synchronized void finished(long nanos, CallOutcome.Kind outcome) {
            active = Math.max(0, active - 1);
            recent[(int) (calls % RECENT)] = nanos;
            calls++;
            totalNanos += nanos;
            maxNanos = Math.max(maxNanos, nanos);
            lastCall = Instant.now();
            switch (outcome) {
                case OK -> {}
                case TOOL_ERROR -> toolErrors++;
                case ERROR -> errors++;
                case TIMEOUT -> timeouts++;
                case CANCELLED -> cancelled++;
            }
        }

        synchronized Snapshot snapshot() {
            long[] sorted = Arrays.copyOf(recent, (int) Math.min(calls, RECENT));
            Arrays.sort(sorted);
            return new Snapshot(
                    calls,
                    errors,
                    toolErrors,
                    timeouts,
                    cancelled,
                    active,
                    calls == 0 ? 0 : millis(totalNanos / (double) calls),
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.95),
                    millis(maxNanos),
                    lastCall);
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return millis(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
        }

        private static double millis(double nanos) {
            return Math.round(nanos / 10_000.0) / 100.0;
        }
    }
}
