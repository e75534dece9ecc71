package dev.mcphub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One load point: a generator run with K sessions, and the CPU of the hub and of its upstreams sampled over
 * exactly the generator's measurement window (at its {@code phase measure} and {@code phase end} lines).
 */
final class LoadPoint {
    private LoadPoint() {}

    /** Totals of one point; CPU in ms over the window. */
    record Outcome(
            double calls,
            double cps,
            double p50Ms,
            double p99Ms,
            double errors,
            double seconds,
            double generatorCpuMs,
            double upstreamCpuMs,
            double hubCpuMs,
            double hubPeakRssKb,
            double idleMillis) {
        double perCall(double cpuMs) {
            return calls > 0 ? cpuMs / calls : Double.NaN;
        }
    }

    /**
     * Runs a point against {@code hub}, or against an upstream the generator drives itself when {@code hub} is
     * null (then the upstream's CPU comes from the generator's own report). With {@code drop}, all sessions
     * are dropped mid-call at the end and the time until the hub is idle again is measured.
     */
    /**
     * An unmeasured point at K=8 on {@code transportArgs}, for a path no earlier point has run: a K=1 point alone
     * leaves the first seconds of a fresh process's JIT in the figure (through our hub to an HTTP upstream that
     * doubled the p50). Every subject gets the same, the direct upstream included.
     */
    static void warm(BenchContext ctx, HubProcess hub, List<String> transportArgs)
            throws IOException, InterruptedException {
        run(ctx, hub, 8, transportArgs, false);
    }

    static Outcome run(BenchContext ctx, HubProcess hub, int k, List<String> transportArgs, boolean drop)
            throws IOException, InterruptedException {
        BenchOptions o = ctx.options;
        List<String> args = new ArrayList<>(List.of(
                "--k", Integer.toString(k),
                "--warmup-ms", Long.toString(o.warmupMillis()),
                "--measure-ms", Long.toString(o.measureMillis())));
        if (drop) {
            args.add("--drop-at-end");
        }
        return execute(ctx, hub, k, transportArgs, args, o.warmupMillis() + o.measureMillis() + 60_000);
    }

    /**
     * A counted point: K sessions making {@code callsPerSession} calls each, every one measured from the first
     * (the cold figures of a fresh hub: what the first calls after a start meet).
     */
    static Outcome counted(BenchContext ctx, HubProcess hub, int k, List<String> transportArgs, int callsPerSession)
            throws IOException, InterruptedException {
        List<String> args =
                List.of("--k", Integer.toString(k), "--calls-per-session", Integer.toString(callsPerSession));
        return execute(ctx, hub, k, transportArgs, args, 180_000);
    }

    private static Outcome execute(
            BenchContext ctx, HubProcess hub, int k, List<String> transportArgs, List<String> loadArgs, long timeout)
            throws IOException, InterruptedException {
        BenchOptions o = ctx.options;
        List<String> args = new ArrayList<>(transportArgs);
        args.addAll(loadArgs);
        HubSampler sampler = new HubSampler(hub);
        String result = ctx.generator.run(args, sampler, timeout).getLast();
        double calls = JsonScan.number(result, "calls", 0);
        String firstError = JsonScan.string(result, "firstError");
        if (firstError != null && !firstError.isEmpty()) {
            ctx.note("errors in a load point (" + String.join(" ", transportArgs.subList(0, 2)) + " K=" + k
                    + "), the first: " + firstError);
        }
        return new Outcome(
                calls,
                JsonScan.number(result, "cps", 0),
                calls > 0 ? JsonScan.number(result, "p50Ms", Double.NaN) : Double.NaN,
                calls > 0 ? JsonScan.number(result, "p99Ms", Double.NaN) : Double.NaN,
                JsonScan.number(result, "errors", 0) + JsonScan.number(result, "openErrors", 0),
                JsonScan.number(result, "seconds", o.measureMillis() / 1000.0),
                JsonScan.number(result, "generatorCpuMs", Double.NaN),
                hub == null ? JsonScan.number(result, "upstreamCpuMs", Double.NaN) : sampler.childrenCpuMs(),
                hub == null ? Double.NaN : sampler.hubCpuMs(),
                hub == null ? Double.NaN : sampler.peakRssKb,
                sampler.idleMillis);
    }

    /** Samples the hub at the generator's phase lines: CPU over the window, peak RSS, idle after a drop. */
    private static final class HubSampler implements Consumer<String> {
        private final HubProcess hub;
        private long hubCpu0;
        private long hubCpu1;
        private long childrenCpu0;
        private long childrenCpu1;
        private double peakRssKb = Double.NaN;
        private double idleMillis = Double.NaN;

        HubSampler(HubProcess hub) {
            this.hub = hub;
        }

        @Override
        public void accept(String phase) {
            if (hub == null) {
                return;
            }
            switch (phase) {
                case "measure" -> {
                    hubCpu0 = hub.cpuNanos();
                    childrenCpu0 = hub.childrenCpuNanos();
                }
                case "end" -> {
                    hubCpu1 = hub.cpuNanos();
                    childrenCpu1 = hub.childrenCpuNanos();
                    peakRssKb = hub.peakRssKb();
                }
                case "disconnected" -> idleMillis = Idle.millis(hub::cpuNanos, System.nanoTime());
                default -> {
                    // other phases carry nothing to sample
                }
            }
        }

        double hubCpuMs() {
            return (hubCpu1 - hubCpu0) / 1e6;
        }

        double childrenCpuMs() {
            return (childrenCpu1 - childrenCpu0) / 1e6;
        }
    }

    /** Adds the figures of one point under {@code <route>_k<K>_*}. */
    static void record(Figures f, String route, int k, Subject s, Outcome o) {
        String p = route + "_k" + k;
        f.add(p + "_cps", s, o.cps());
        f.add(p + "_p50_ms", s, o.p50Ms());
        f.add(p + "_p99_ms", s, o.p99Ms());
        f.add(p + "_errors", s, o.errors());
        f.add(p + "_hub_cpu_per_call_ms", s, o.perCall(o.hubCpuMs()));
        f.add(p + "_upstream_cpu_per_call_ms", s, o.perCall(o.upstreamCpuMs()));
        f.add(p + "_generator_cpu_per_call_ms", s, o.perCall(o.generatorCpuMs()));
        f.add(p + "_generator_cores", s, o.generatorCpuMs() / (o.seconds() * 1000));
    }

    /** A one-line summary for the progress output. */
    static String describe(Outcome o) {
        return String.format(
                java.util.Locale.ROOT,
                "%.0f calls/s, p50 %.2f ms, p99 %.2f ms, %d errors",
                o.cps(),
                o.p50Ms(),
                o.p99Ms(),
                (long) o.errors());
    }
}
