package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Everything measured on one hub in one repeat, in two launches. Launch A (three stdio upstreams): start →
 * ready, the load points through {@code /mcp} and REST, the idle time after 64 sessions drop, CPU and peak RSS
 * over the launch. Launch B (server-everything reached by {@code url}, and the list-changing fixture): the
 * hub-added latency over HTTP, and the SSE fan-out.
 */
final class HubScenario {
    private static final long READY_TIMEOUT_MS = 60_000;
    private static final long QUIET_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long IDLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final long TICK_NANOS = 10_000_000L;

    private final BenchContext ctx;
    private final Subject subject;
    private final List<String> command;
    private final String mcpTransport;
    private double errors;

    /** {@code mcpTransport} is how {@code /mcp} is spoken: {@code streamable} or {@code sse} (legacy). */
    HubScenario(BenchContext ctx, Subject subject, List<String> command, String mcpTransport) {
        this.ctx = ctx;
        this.subject = subject;
        this.command = List.copyOf(command);
        this.mcpTransport = mcpTransport;
    }

    /** Runs both launches; a hub that cannot start throws, everything else is noted and skipped. */
    void run() throws IOException, InterruptedException {
        errors = 0;
        launchWithStdioServers();
        if (ctx.timeLeft()) {
            launchWithUrlServer();
        }
        ctx.figures.add("errors_total", subject, errors);
    }

    private void launchWithStdioServers() throws IOException, InterruptedException {
        Figures f = ctx.figures;
        Path dir = ctx.newDir(subject.label() + "-stdio");
        try (HubProcess hub = hub(dir, ctx.writeStdioConfig(dir))) {
            double ready = hub.start(READY_TIMEOUT_MS);
            f.add("ready_ms", subject, ready);
            ctx.progress(subject.label() + ": ready after " + Math.round(ready) + " ms");
            for (String route : Catalog.ROUTES) {
                for (int k : ctx.options.concurrency()) {
                    if (!ctx.timeLeft()) {
                        ctx.note("the time budget ran out: later load points were skipped");
                        return;
                    }
                    awaitIdle(hub);
                    LoadPoint.Outcome o = LoadPoint.run(ctx, hub, k, routeArgs(route, hub, "everything__echo"));
                    LoadPoint.record(f, route, k, subject, o);
                    errors += o.errors();
                    ctx.progress(subject.label() + ": " + route + " K=" + k + ": " + LoadPoint.describe(o));
                }
                f.add(
                        route + "_k64_pct_ceiling",
                        subject,
                        100 * f.latest(route + "_k64_cps", subject) / f.latest(route + "_k64_cps", Subject.CEILING));
            }
            f.add(
                    "mcp_k1_hub_added_ms",
                    subject,
                    f.latest("mcp_k1_p50_ms", subject) - f.latest("mcp_k1_p50_ms", Subject.CEILING));
            awaitIdle(hub);
            double idle = idleAfterDisconnect(hub);
            f.add("idle_after_disconnect_ms", subject, idle);
            ctx.progress(subject.label() + ": idle " + Math.round(idle) + " ms after 64 sessions dropped");
            f.add("run_hub_cpu_s", subject, hub.cpuNanos() / 1e9);
            f.add("run_children_cpu_s", subject, hub.childrenCpuNanos() / 1e9);
            f.add("peak_rss_mb", subject, hub.peakRssKb() / 1024.0);
            f.add("children_peak_rss_mb", subject, hub.childrenPeakRssKb() / 1024.0);
        }
    }

    private void launchWithUrlServer() throws IOException, InterruptedException {
        Figures f = ctx.figures;
        Path dir = ctx.newDir(subject.label() + "-url");
        try (BenchContext.HttpUpstream upstream = ctx.startEverythingHttp(dir);
                HubProcess hub = hub(dir, ctx.writeUrlConfig(dir, upstream.url))) {
            hub.start(READY_TIMEOUT_MS);
            awaitIdle(hub);
            LoadPoint.Outcome o = LoadPoint.run(ctx, hub, 1, routeArgs("mcp", hub, "everything_http__echo"));
            errors += o.errors();
            f.add("url_k1_cps", subject, o.cps());
            f.add("url_k1_p50_ms", subject, o.p50Ms());
            f.add("url_k1_p99_ms", subject, o.p99Ms());
            f.add("url_k1_hub_added_ms", subject, o.p50Ms() - f.latest("url_k1_p50_ms", Subject.CEILING));
            ctx.progress(subject.label() + ": via url upstream K=1: " + LoadPoint.describe(o));
            awaitIdle(hub);
            int n = ctx.options.subscribers();
            String r = ctx.generator.run(
                    List.of(
                            "--mode",
                            "fanout",
                            "--url",
                            hub.baseUrl(),
                            "--subscribers",
                            Integer.toString(n),
                            "--server",
                            "changer",
                            "--tool",
                            "add_tool"),
                    phase -> {},
                    180_000);
            double received = JsonScan.number(r, "received", 0);
            f.add("fanout_last_ms", subject, received > 0 ? JsonScan.number(r, "lastMs", Double.NaN) : Double.NaN);
            f.add("fanout_spread_ms", subject, received > 0 ? JsonScan.number(r, "spreadMs", Double.NaN) : Double.NaN);
            f.add("fanout_missed", subject, n - received);
            f.add("fanout_connect_ms", subject, JsonScan.number(r, "connectMs", Double.NaN));
            ctx.progress(subject.label() + ": fan-out to " + n + " subscribers: " + r);
        }
    }

    private HubProcess hub(Path dir, Path config) throws IOException {
        return new HubProcess(subject.label(), command, config, dir, ctx.children, BenchContext.freePort());
    }

    private List<String> routeArgs(String route, HubProcess hub, String namespacedTool) {
        return route.equals("rest")
                ? List.of("--transport", "rest", "--url", hub.baseUrl(), "--server", "everything", "--tool", "echo")
                : List.of("--transport", mcpTransport, "--url", hub.baseUrl() + "/mcp", "--tool", namespacedTool);
    }

    /**
     * Lets the hub finish what the previous step left it doing (the reference, for one, spins for seconds after
     * MCP sessions close), so that each point measures only itself.
     */
    private void awaitIdle(HubProcess hub) {
        double waited = idleMillis(hub::cpuNanos, System.nanoTime());
        if (waited >= IDLE_LIMIT_NANOS / 1e6) {
            ctx.note(subject.label() + " was still busy " + Math.round(waited / 1000) + " s after a step");
        }
    }

    /**
     * 64 sessions load the hub for a second and then all drop at once with calls in flight; returns the time
     * from the drop until the hub's CPU stays flat (at most one 10 ms tick per 500 ms).
     */
    private double idleAfterDisconnect(HubProcess hub) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(routeArgs("mcp", hub, "everything__echo"));
        args.addAll(List.of("--mode", "disconnect", "--k", "64", "--warmup-ms", "1000"));
        double[] idle = {Double.NaN};
        ctx.generator.run(
                args,
                phase -> {
                    if (phase.equals("disconnected")) {
                        idle[0] = idleMillis(hub::cpuNanos, System.nanoTime());
                    }
                },
                60_000);
        return idle[0];
    }

    /** Samples CPU every 10 ms until it has been flat for the quiet window; the time it became flat. */
    static double idleMillis(LongSupplier cpu, long t0) {
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
            if (now - t0 > IDLE_LIMIT_NANOS) {
                return IDLE_LIMIT_NANOS / 1e6;
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
