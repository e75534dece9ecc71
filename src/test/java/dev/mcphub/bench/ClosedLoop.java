package dev.mcphub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * K sessions, each calling in a closed loop (the next call leaves when the previous answer arrived), on one
 * thread each. A call counts for the measurement window in which it completes. The phases are announced on
 * the generator's stdout ({@code phase measure}, {@code phase end}, ...) so that the orchestrator samples the
 * hub's CPU over exactly the same window.
 */
final class ClosedLoop {
    private final List<Session> sessions;
    private final Thread.Builder threads;
    private final PrintStream phases;
    private volatile boolean stop;
    /** What went wrong first, so that a failing point says why; null while nothing did. */
    private volatile String firstError;

    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    /** Calls each session makes in a counted run ({@link #count}); 0 in a timed run. */
    private volatile long callsPerSession;
    /** False when an earlier loop opened the sessions ({@link #alreadyOpen}). */
    private boolean open = true;

    ClosedLoop(List<Session> sessions, boolean virtualThreads, PrintStream phases) {
        this.sessions = List.copyOf(sessions);
        this.threads = virtualThreads ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        this.phases = phases;
    }

    /** The sessions were opened by an earlier loop on them: {@link #measure} does not open them again. */
    ClosedLoop alreadyOpen() {
        open = false;
        return this;
    }

    /** What one load point measured; CPU figures are over the window only. */
    record Result(
            long calls,
            long errors,
            int openErrors,
            double seconds,
            LatencyRecorder.Summary latency,
            long generatorCpuNanos,
            long upstreamCpuNanos,
            String firstError) {
        String toJson() {
            return String.format(
                    Locale.ROOT,
                    "{\"calls\":%d,\"errors\":%d,\"openErrors\":%d,\"seconds\":%.3f,\"cps\":%.1f,\"p50Ms\":%.3f,"
                            + "\"p99Ms\":%.3f,\"maxMs\":%.3f,\"generatorCpuMs\":%.1f,\"upstreamCpuMs\":%.1f,"
                            + "\"firstError\":\"%s\"}",
                    calls,
                    errors,
                    openErrors,
                    seconds,
                    calls / seconds,
                    latency.p50Ms(),
                    latency.p99Ms(),
                    latency.maxMs(),
                    generatorCpuNanos / 1e6,
                    upstreamCpuNanos / 1e6,
                    firstError == null ? "" : firstError.replace("\\", "/").replace("\"", "'"));
        }
    }

    /**
     * Opens every session, warms up, measures, stops. {@code upstreamCpu} reads a child's CPU, or 0. With
     * {@code drop}, every session is closed at once while its call is still in flight as soon as the window
     * ends ({@code phase disconnected}), as when many clients die together.
     */
    Result measure(long warmupNanos, long measureNanos, LongSupplier upstreamCpu, boolean drop)
            throws InterruptedException {
        int openErrors = open ? openAll() : 0;
        long start = System.nanoTime();
        windowStart = start + warmupNanos;
        windowEnd = windowStart + measureNanos;
        List<Worker> workers = startWorkers();
        sleepUntil(windowStart);
        long cpu0 = ProcStats.selfCpuNanos();
        long up0 = upstreamCpu.getAsLong();
        phases.println("phase measure");
        sleepUntil(windowEnd);
        long cpu1 = ProcStats.selfCpuNanos();
        long up1 = upstreamCpu.getAsLong();
        phases.println("phase end");
        stop = true;
        if (drop) {
            sessions.forEach(Session::close);
            phases.println("phase disconnected");
        }
        LatencyRecorder all = new LatencyRecorder();
        long calls = 0;
        long errors = 0;
        for (Worker w : workers) {
            w.thread.join(TimeUnit.SECONDS.toMillis(15));
            all.addAll(w.latencies);
            calls += w.calls;
            errors += w.errors;
        }
        return new Result(
                calls, errors, openErrors, measureNanos / 1e9, all.summarize(), cpu1 - cpu0, up1 - up0, firstError);
    }

    /**
     * A counted run, for the cold figures of a fresh hub: opens every session, then each makes exactly
     * {@code calls} calls and all of them are measured, from the first (what a user's first calls meet) to the
     * last. The phases bracket the calls alone; the seconds are those from the first call leaving to the last
     * answer arriving.
     */
    Result count(long calls, LongSupplier upstreamCpu) throws InterruptedException {
        int openErrors = openAll();
        callsPerSession = calls;
        windowStart = Long.MIN_VALUE;
        windowEnd = Long.MAX_VALUE;
        long cpu0 = ProcStats.selfCpuNanos();
        long up0 = upstreamCpu.getAsLong();
        phases.println("phase measure");
        // The orchestrator samples the hub's CPU when it reads that line: give it time to, while the hub is idle,
        // so that a short run (200 calls last about half a second) is not cut at its start.
        Thread.sleep(50);
        long start = System.nanoTime();
        List<Worker> workers = startWorkers();
        LatencyRecorder all = new LatencyRecorder();
        long done = 0;
        long errors = 0;
        for (Worker w : workers) {
            w.thread.join(TimeUnit.SECONDS.toMillis(120));
        }
        long end = System.nanoTime();
        long cpu1 = ProcStats.selfCpuNanos();
        long up1 = upstreamCpu.getAsLong();
        phases.println("phase end");
        stop = true;
        for (Worker w : workers) {
            all.addAll(w.latencies);
            done += w.calls;
            errors += w.errors;
        }
        return new Result(
                done, errors, openErrors, (end - start) / 1e9, all.summarize(), cpu1 - cpu0, up1 - up0, firstError);
    }

    private void noteError(String message) {
        if (firstError == null) {
            firstError = message;
        }
    }

    /** Opens all sessions in parallel; returns how many failed (their workers keep retrying). */
    private int openAll() throws InterruptedException {
        List<Thread> openers = new ArrayList<>();
        int[] failed = new int[1];
        for (Session s : sessions) {
            openers.add(Thread.ofVirtual().start(() -> {
                try {
                    s.open();
                } catch (IOException e) {
                    synchronized (failed) {
                        failed[0]++;
                    }
                    noteError("open: " + e.getMessage());
                    s.close();
                }
            }));
        }
        for (Thread t : openers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        synchronized (failed) {
            return failed[0];
        }
    }

    private List<Worker> startWorkers() {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            Worker w = new Worker(i, sessions.get(i));
            w.thread = threads.name("session-" + i).start(w);
            workers.add(w);
        }
        return workers;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private final class Worker implements Runnable {
        private final int index;
        private final Session session;
        private final LatencyRecorder latencies = new LatencyRecorder();
        private long calls;
        private long errors;
        private Thread thread;

        Worker(int index, Session session) {
            this.index = index;
            this.session = session;
        }

        @Override
        public void run() {
            String prefix = "b" + index + "-";
            boolean broken = false;
            long limit = callsPerSession;
            for (long seq = 1; !stop && (limit == 0 || seq <= limit); seq++) {
                long t0 = System.nanoTime();
                boolean ok;
                try {
                    if (broken) {
                        session.open();
                        broken = false;
                    }
                    ok = session.call(prefix + seq);
                } catch (IOException | RuntimeException e) {
                    if (stop) {
                        return;
                    }
                    ok = false;
                    broken = true;
                    noteError(e.getClass().getSimpleName() + ": " + e.getMessage());
                    session.close();
                    pause();
                }
                long t1 = System.nanoTime();
                if (t1 >= windowStart && t1 < windowEnd) {
                    if (ok) {
                        latencies.record(t1 - t0);
                        calls++;
                    } else {
                        errors++;
                        noteError("a reply without the expected echo (an error reply or isError)");
                    }
                }
            }
        }

        /** A broken session retries after a short pause rather than spinning. */
        private void pause() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
        }
    }
}
