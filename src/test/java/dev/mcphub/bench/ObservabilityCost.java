package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What metrics and tracing cost, measured in one run: three of our hubs up at once (metrics off, metrics on as by
 * default, metrics plus tracing exporting OTLP/HTTP to a loopback {@link OtlpSink}), each warmed, then driven in
 * turn by the same generator at {@code /mcp} K=64 in short interleaved windows, the order rotating every round.
 * Separate runs drift by ±30% on a shared machine; adjacent windows of one round see the same machine, so each
 * round gives one ratio to metrics-off, and the figures are the medians of those ratios with their spread.
 */
final class ObservabilityCost {
    /** The three configurations, in the order of the first round. */
    enum Config {
        OFF("off", "metrics off (--no-metrics)"),
        METRICS("metrics", "metrics on (default)"),
        TRACING("tracing", "metrics + tracing (OTLP/HTTP)");

        final String id;
        final String label;

        Config(String id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    static final int K = 64;
    static final int ROUNDS = 8;
    static final long WARMUP_MS = 500;
    static final long WINDOW_MS = 3000;
    /** The bounds: throughput at least this share of metrics-off's. */
    static final double METRICS_GOAL_PCT = 95;

    static final double TRACING_GOAL_PCT = 85;

    private final BenchContext ctx;
    private final Figures f;

    ObservabilityCost(BenchContext ctx) {
        this.ctx = ctx;
        this.f = ctx.figures;
    }

    /** The section's table, from the figures of this run. */
    String table() {
        return new ObservabilityTable(f).toString();
    }

    /** The figures, in the JSON only: the section prints its own table. */
    static void define(Figures f) {
        for (Config c : Config.values()) {
            String p = "obs_" + c.id;
            f.define(p + "_cps", "observability cost, " + c.label + ": /mcp K=64 throughput", "calls/s", 0, false);
            f.define(p + "_p50_ms", "observability cost, " + c.label + ": /mcp K=64 p50", "ms", 2, false);
            f.define(p + "_p99_ms", "observability cost, " + c.label + ": /mcp K=64 p99", "ms", 2, false);
            f.define(
                    p + "_hub_cpu_per_call_ms",
                    "observability cost, " + c.label + ": hub CPU per call",
                    "ms",
                    3,
                    false);
            f.define(p + "_errors", "observability cost, " + c.label + ": errors", "calls", 0, false);
            if (c != Config.OFF) {
                f.define(p + "_cps_pct_off", c.label + ": throughput as % of metrics off, per round", "%", 1, false);
                f.define(
                        p + "_cpu_pct_off",
                        c.label + ": hub CPU per call as % of metrics off, per round",
                        "%",
                        1,
                        false);
            }
        }
        f.define(
                "obs_tracing_spans_per_call", "metrics + tracing: spans received per call in the window", "", 2, false);
    }

    /** Starts the three hubs and measures; the hubs are stopped however it ends. The table comes from {@link #table}. */
    void run() throws IOException, InterruptedException {
        if (ctx.options.oursCommand().isEmpty()) {
            ctx.note("observability cost: skipped, " + ctx.options.oursMissing());
            return;
        }
        ctx.progress("observability cost: three hubs up at once, " + ROUNDS + " interleaved rounds at /mcp K=" + K);
        Map<Config, HubProcess> hubs = new EnumMap<>(Config.class);
        Map<Config, GeneratorProcess.Windows> generators = new EnumMap<>(Config.class);
        try (OtlpSink sink = new OtlpSink()) {
            try {
                for (Config c : Config.values()) {
                    hubs.put(c, start(c, sink));
                }
                for (Config c : Config.values()) {
                    LoadPoint.counted(ctx, hubs.get(c), K, route(hubs.get(c)), 200); // the JIT sees the path
                    generators.put(c, ctx.generator.windows(windowArgs(hubs.get(c))));
                }
                measure(hubs, generators, sink);
            } finally {
                generators.values().forEach(GeneratorProcess.Windows::close);
                hubs.values().forEach(HubProcess::close);
            }
            ctx.note("observability cost: the tracing hub exported to a loopback OTLP sink: " + sink.summary());
        }
    }

    private HubProcess start(Config c, OtlpSink sink) throws IOException, InterruptedException {
        Path dir = ctx.newDir("obs-" + c.id);
        List<String> command = new ArrayList<>(ctx.options.oursCommand());
        if (c == Config.OFF) {
            command.add("--no-metrics");
        }
        // Only the tracing hub traces, whatever OTEL_* the run was started with.
        Map<String, String> env = c == Config.TRACING
                ? Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint(),
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                        "OTEL_TRACES_SAMPLER", "parentbased_always_on")
                : Map.of("OTEL_SDK_DISABLED", "true");
        HubProcess hub =
                new HubProcess("ours-" + c.id, command, config(dir), dir, ctx.children, BenchContext.freePort(), env);
        double ready = hub.start(60_000);
        ctx.progress("observability cost: " + c.label + " ready after " + Math.round(ready) + " ms");
        return hub;
    }

    /** server-everything alone over stdio: the tool every window calls. */
    private Path config(Path dir) throws IOException {
        String json = "{\"mcpServers\":{\"everything\":{\"command\":" + quote(ctx.node()) + ",\"args\":["
                + quote(ctx.serverEverything()) + ",\"stdio\"]}}}";
        return Files.writeString(dir.resolve("servers.json"), json);
    }

    /** One generator per hub, its 64 sessions open for the whole section: round 0 opens them and warms up. */
    private static List<String> windowArgs(HubProcess hub) {
        List<String> args = new ArrayList<>(route(hub));
        args.addAll(List.of(
                "--k", Integer.toString(K),
                "--warmup-ms", Long.toString(WARMUP_MS),
                "--measure-ms", Long.toString(WINDOW_MS),
                "--windows", Integer.toString(ROUNDS + 1)));
        return args;
    }

    private void measure(Map<Config, HubProcess> hubs, Map<Config, GeneratorProcess.Windows> generators, OtlpSink sink)
            throws IOException, InterruptedException {
        Config[] order = Config.values();
        double spanCalls = 0;
        long spans = 0;
        for (int round = 0; round <= ROUNDS; round++) {
            Map<Config, LoadPoint.Outcome> outcomes = new EnumMap<>(Config.class);
            for (int i = 0; i < order.length; i++) {
                Config c = order[(round + i) % order.length]; // A B C, B C A, C A B, ...: no fixed position
                for (HubProcess h : hubs.values()) {
                    Idle.millis(h::cpuNanos, System.nanoTime()); // the previous window's tail is not measured
                }
                Window w = new Window(hubs.get(c), sink);
                LoadPoint.Outcome o = w.outcome(generators.get(c).next(w, WARMUP_MS + WINDOW_MS + 60_000));
                if (round == 0) {
                    continue; // sessions opened, the hub warmed: nothing measured
                }
                outcomes.put(c, o);
                record(c, o);
                if (c == Config.TRACING) {
                    spans += w.spans;
                    spanCalls += o.calls();
                }
                ctx.progress("observability cost, round " + round + ", " + c.label + ": " + LoadPoint.describe(o)
                        + String.format(Locale.ROOT, ", hub CPU %.3f ms/call", o.perCall(o.hubCpuMs())));
            }
            if (round == 0) {
                continue;
            }
            LoadPoint.Outcome off = outcomes.get(Config.OFF);
            for (Config c : List.of(Config.METRICS, Config.TRACING)) {
                LoadPoint.Outcome o = outcomes.get(c);
                f.add("obs_" + c.id + "_cps_pct_off", Subject.OURS, 100 * o.cps() / off.cps());
                f.add(
                        "obs_" + c.id + "_cpu_pct_off",
                        Subject.OURS,
                        100 * o.perCall(o.hubCpuMs()) / off.perCall(off.hubCpuMs()));
            }
        }
        f.add("obs_tracing_spans_per_call", Subject.OURS, spanCalls > 0 ? spans / spanCalls : Double.NaN);
    }

    /** The hub's CPU and the spans the sink received over exactly one window (at its phase lines). */
    private static final class Window implements java.util.function.Consumer<String> {
        private final HubProcess hub;
        private final OtlpSink sink;
        private long cpu0;
        private long cpu1;
        private long spans0;
        long spans;

        Window(HubProcess hub, OtlpSink sink) {
            this.hub = hub;
            this.sink = sink;
        }

        @Override
        public void accept(String phase) {
            if (phase.equals("measure")) {
                cpu0 = hub.cpuNanos();
                spans0 = sink.spans();
            } else if (phase.equals("end")) {
                cpu1 = hub.cpuNanos();
                spans = sink.spans() - spans0;
            }
        }

        LoadPoint.Outcome outcome(String result) {
            double calls = JsonScan.number(result, "calls", 0);
            return new LoadPoint.Outcome(
                    calls,
                    JsonScan.number(result, "cps", 0),
                    calls > 0 ? JsonScan.number(result, "p50Ms", Double.NaN) : Double.NaN,
                    calls > 0 ? JsonScan.number(result, "p99Ms", Double.NaN) : Double.NaN,
                    JsonScan.number(result, "errors", 0) + JsonScan.number(result, "openErrors", 0),
                    JsonScan.number(result, "seconds", WINDOW_MS / 1000.0),
                    JsonScan.number(result, "generatorCpuMs", Double.NaN),
                    Double.NaN,
                    (cpu1 - cpu0) / 1e6,
                    Double.NaN,
                    Double.NaN);
        }
    }

    private void record(Config c, LoadPoint.Outcome o) {
        String p = "obs_" + c.id;
        f.add(p + "_cps", Subject.OURS, o.cps());
        f.add(p + "_p50_ms", Subject.OURS, o.p50Ms());
        f.add(p + "_p99_ms", Subject.OURS, o.p99Ms());
        f.add(p + "_hub_cpu_per_call_ms", Subject.OURS, o.perCall(o.hubCpuMs()));
        f.add(p + "_errors", Subject.OURS, o.errors());
        if (o.errors() > 0) {
            ctx.note("observability cost: " + (long) o.errors() + " errors with " + c.label);
        }
    }

    private static List<String> route(HubProcess hub) {
        return List.of("--transport", "streamable", "--url", hub.baseUrl() + "/mcp", "--tool", "everything__echo");
    }

    private static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
