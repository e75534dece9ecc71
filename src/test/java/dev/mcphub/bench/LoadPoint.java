package dev.mcphub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
            double hubCpuMs) {
        double perCall(double cpuMs) {
            return calls > 0 ? cpuMs / calls : Double.NaN;
        }
    }

    /**
     * Runs a point against {@code hub}, or against an upstream the generator drives itself when {@code hub} is
     * null (then the upstream's CPU comes from the generator's own report).
     */
    static Outcome run(BenchContext ctx, HubProcess hub, int k, List<String> transportArgs)
            throws IOException, InterruptedException {
        BenchOptions o = ctx.options;
        List<String> args = new ArrayList<>(transportArgs);
        args.addAll(List.of(
                "--k", Integer.toString(k),
                "--warmup-ms", Long.toString(o.warmupMillis()),
                "--measure-ms", Long.toString(o.measureMillis())));
        long[] cpu = new long[4];
        String result = ctx.generator.run(
                args,
                phase -> {
                    if (hub == null) {
                        return;
                    }
                    if (phase.equals("measure")) {
                        cpu[0] = hub.cpuNanos();
                        cpu[1] = hub.childrenCpuNanos();
                    } else if (phase.equals("end")) {
                        cpu[2] = hub.cpuNanos();
                        cpu[3] = hub.childrenCpuNanos();
                    }
                },
                o.warmupMillis() + o.measureMillis() + 60_000);
        double calls = JsonScan.number(result, "calls", 0);
        return new Outcome(
                calls,
                JsonScan.number(result, "cps", 0),
                calls > 0 ? JsonScan.number(result, "p50Ms", Double.NaN) : Double.NaN,
                calls > 0 ? JsonScan.number(result, "p99Ms", Double.NaN) : Double.NaN,
                JsonScan.number(result, "errors", 0) + JsonScan.number(result, "openErrors", 0),
                JsonScan.number(result, "seconds", o.measureMillis() / 1000.0),
                JsonScan.number(result, "generatorCpuMs", Double.NaN),
                hub == null ? JsonScan.number(result, "upstreamCpuMs", Double.NaN) : (cpu[3] - cpu[1]) / 1e6,
                hub == null ? Double.NaN : (cpu[2] - cpu[0]) / 1e6);
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
