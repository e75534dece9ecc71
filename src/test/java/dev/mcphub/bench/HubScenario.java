package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured on one hub in one repeat, in two launches. Launch A (three stdio upstreams): start →
 * ready, the load points through REST and {@code /mcp} (the last, {@code /mcp} K=64, ends with its 64 sessions
 * dropped mid-call, and times how long the hub takes to be idle again), CPU and peak RSS over the launch.
 * Launch B (server-everything reached by {@code url}, and the list-changing fixture): the hub-added latency
 * over HTTP and, in the first repeat, the SSE fan-out (one sample per repeat from one set of subscribers).
 */
final class HubScenario {
    private static final long READY_TIMEOUT_MS = 60_000;
    /** The cold points: 200 calls at K=1, then 200 per session at K=64 (12,800), on a fresh hub. */
    static final int COLD_CALLS_PER_SESSION = 200;
    /** The second fan-out: this many idle subscribers, our hub only (the reference takes minutes to subscribe). */
    static final int IDLE_SUBSCRIBERS = 10_000;

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

    /**
     * Starts the hub once with the stdio servers, calls through it as a user's first session would, and stops it,
     * measuring nothing: every measured start then finds warm file caches, the same for each hub, and ours finds
     * what its first run leaves behind for the next (as every start after a user's first does): on JDK 25 the AOT
     * cache that run trains, with the classes it loaded and the profiles of the calls it served (the JVM writes it
     * at exit, hence the generous grace), else the class-data archive. A second start with {@code --version} then
     * adopts it, so that no measured start pays for that.
     */
    void prime() throws IOException, InterruptedException {
        Path dir = ctx.newDir(subject.label() + "-prime");
        HubProcess hub = hub(dir, ctx.writeStdioConfig(dir));
        try {
            hub.start(READY_TIMEOUT_MS);
            for (String route : subject == Subject.OURS ? List.of("rest", "mcp2026", "mcp") : List.of("rest", "mcp")) {
                LoadPoint.counted(ctx, hub, 8, routeArgs(route, hub, "everything__echo"), 250);
            }
        } finally {
            hub.stop(90_000);
        }
        if (subject == Subject.OURS) {
            List<String> version = new java.util.ArrayList<>(command);
            version.add("--version");
            Process p = ctx.children.start(new ProcessBuilder(version)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("version.log").toFile()));
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                ctx.children.stop(p, 1000);
            }
        }
    }

    /** Runs both launches; {@code fanOutRounds} 0 skips the fan-out. Failures propagate to the caller. */
    void run(int fanOutRounds) throws IOException, InterruptedException {
        errors = 0;
        launchWithStdioServers();
        if (ctx.timeLeft()) {
            launchWithUrlServer(fanOutRounds);
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
            awaitIdle(hub);
            f.add("idle_rss_mb", subject, hub.rssKb() / 1024.0);
            coldPoints(hub);
            settleAfterSessionsClosed(hub);
            Map<String, LoadPoint.Outcome> points = runLoadPoints(hub);
            for (String route : Catalog.ROUTES) {
                LoadPoint.Outcome k64 = points.get(route + 64);
                f.add(
                        route + "_k64_pct_ceiling",
                        subject,
                        k64 == null ? Double.NaN : 100 * k64.cps() / f.latest(route + "_k64_cps", Subject.CEILING));
            }
            LoadPoint.Outcome k1 = points.get("mcp1");
            f.add(
                    "mcp_k1_hub_added_ms",
                    subject,
                    k1 == null ? Double.NaN : k1.p50Ms() - f.latest("mcp_k1_p50_ms", Subject.CEILING));
            f.add("run_hub_cpu_s", subject, hub.cpuNanos() / 1e9);
            f.add("run_children_cpu_s", subject, hub.childrenCpuNanos() / 1e9);
            f.add("peak_rss_mb", subject, hub.peakRssKb() / 1024.0);
            f.add("children_peak_rss_mb", subject, hub.childrenPeakRssKb() / 1024.0);
        }
    }

    /**
     * The first calls a fresh process meets, before any other load: 200 calls from one session, then 200 from each
     * of 64 sessions (12,800), all through {@code /mcp} and all measured. They come first in a launch, so that
     * every cold figure is from a process that has served nothing yet; the warm points follow on the same hub.
     */
    private void coldPoints(HubProcess hub) throws IOException, InterruptedException {
        Figures f = ctx.figures;
        List<String> route = routeArgs("mcp", hub, "everything__echo");
        for (int k : List.of(1, 64)) {
            LoadPoint.Outcome o = LoadPoint.counted(ctx, hub, k, route, COLD_CALLS_PER_SESSION);
            String p = "cold_k" + k;
            f.add(p + "_cps", subject, o.cps());
            f.add(p + "_p50_ms", subject, o.p50Ms());
            f.add(p + "_p99_ms", subject, o.p99Ms());
            f.add(p + "_hub_cpu_per_call_ms", subject, o.perCall(o.hubCpuMs()));
            errors += o.errors();
            ctx.progress(subject.label() + ": fresh hub, " + Math.round(o.calls()) + " calls at K=" + k + ": "
                    + LoadPoint.describe(o)
                    + String.format(java.util.Locale.ROOT, ", hub CPU %.3f ms/call", o.perCall(o.hubCpuMs())));
        }
    }

    /**
     * REST first, then {@code /mcp}, so that the point that ends by dropping its sessions ({@code /mcp} K=64) is
     * the last; returns the outcomes by route and K ("mcp64").
     */
    private Map<String, LoadPoint.Outcome> runLoadPoints(HubProcess hub) throws IOException, InterruptedException {
        Figures f = ctx.figures;
        Map<String, LoadPoint.Outcome> points = new HashMap<>();
        for (String route : subject == Subject.OURS ? List.of("rest", "mcp2026", "mcp") : List.of("rest", "mcp")) {
            for (int k : route.equals("mcp2026") ? List.of(64) : ctx.options.concurrency()) {
                if (!ctx.timeLeft()) {
                    ctx.note("the time budget ran out: later load points were skipped");
                    return points;
                }
                awaitIdle(hub);
                boolean drop = route.equals("mcp") && k == 64;
                LoadPoint.Outcome o = LoadPoint.run(ctx, hub, k, routeArgs(route, hub, "everything__echo"), drop);
                points.put(route + k, o);
                LoadPoint.record(f, route, k, subject, o);
                errors += o.errors();
                ctx.progress(subject.label() + ": " + route + " K=" + k + ": " + LoadPoint.describe(o)
                        + (drop ? ", idle " + Math.round(o.idleMillis()) + " ms after all dropped" : ""));
                if (drop) {
                    f.add("idle_after_disconnect_ms", subject, o.idleMillis());
                    f.add("peak_rss_load_mb", subject, o.hubPeakRssKb() / 1024.0);
                    if (o.idleMillis() >= Idle.LIMIT_NANOS / 1e6) {
                        ctx.note(subject.label() + " was not idle within the limit of "
                                + Idle.LIMIT_NANOS / 1_000_000_000 + " s after 64 sessions dropped");
                    }
                }
            }
        }
        LoadPoint.Outcome modern = points.get("mcp202664");
        LoadPoint.Outcome session = points.get("mcp64");
        if (modern != null && session != null && session.cps() > 0) {
            f.add("mcp2026_k64_pct_2025", subject, 100 * modern.cps() / session.cps());
        }
        return points;
    }

    private void launchWithUrlServer(int fanOutRounds) throws IOException, InterruptedException {
        Figures f = ctx.figures;
        Path dir = ctx.newDir(subject.label() + "-url");
        try (BenchContext.HttpUpstream upstream = ctx.startEverythingHttp(dir);
                HubProcess hub = hub(dir, ctx.writeUrlConfig(dir, upstream.url))) {
            hub.start(READY_TIMEOUT_MS);
            awaitIdle(hub);
            LoadPoint.warm(ctx, hub, routeArgs("mcp", hub, "everything_http__echo"));
            awaitIdle(hub);
            LoadPoint.Outcome o = LoadPoint.run(ctx, hub, 1, routeArgs("mcp", hub, "everything_http__echo"), false);
            errors += o.errors();
            f.add("url_k1_cps", subject, o.cps());
            f.add("url_k1_p50_ms", subject, o.p50Ms());
            f.add("url_k1_p99_ms", subject, o.p99Ms());
            f.add("url_k1_hub_added_ms", subject, o.p50Ms() - f.latest("url_k1_p50_ms", Subject.CEILING));
            ctx.progress(subject.label() + ": via url upstream K=1: " + LoadPoint.describe(o));
            if (fanOutRounds > 0 && ctx.timeLeft()) {
                awaitIdle(hub);
                fanOut(hub, fanOutRounds);
            }
            if (fanOutRounds > 0 && subject == Subject.OURS && ctx.timeLeft()) {
                awaitIdle(hub);
                idleSubscribers(hub);
            }
        }
    }

    private void fanOut(HubProcess hub, int rounds) throws IOException, InterruptedException {
        Figures f = ctx.figures;
        int n = ctx.options.subscribers();
        List<String> results = ctx.generator.run(
                List.of(
                        "--mode",
                        "fanout",
                        "--url",
                        hub.baseUrl(),
                        "--subscribers",
                        Integer.toString(n),
                        "--rounds",
                        Integer.toString(rounds),
                        "--server",
                        "changer",
                        "--tool",
                        "add_tool"),
                phase -> {},
                120_000L + rounds * 75_000L);
        for (String r : results) {
            double received = JsonScan.number(r, "received", 0);
            f.add("fanout_last_ms", subject, received > 0 ? JsonScan.number(r, "lastMs", Double.NaN) : Double.NaN);
            f.add("fanout_spread_ms", subject, received > 0 ? JsonScan.number(r, "spreadMs", Double.NaN) : Double.NaN);
            f.add("fanout_missed", subject, n - received);
            f.add("fanout_connect_ms", subject, JsonScan.number(r, "connectMs", Double.NaN));
            ctx.progress(subject.label() + ": fan-out to " + n + " subscribers: " + r);
        }
    }

    /**
     * Ten thousand subscribers that only listen: the hub's memory while it holds them (VmRSS after the change
     * reached them, all still connected) and the time from the change to the last of them.
     */
    private void idleSubscribers(HubProcess hub) throws IOException, InterruptedException {
        Figures f = ctx.figures;
        double[] rssKb = {Double.NaN};
        List<String> results = ctx.generator.run(
                List.of("-Xmx1g"),
                List.of(
                        "--mode", "fanout",
                        "--url", hub.baseUrl(),
                        "--subscribers", Integer.toString(IDLE_SUBSCRIBERS),
                        "--rounds", "1",
                        "--server", "changer",
                        "--tool", "add_tool"),
                phase -> {
                    if (phase.equals("round")) {
                        rssKb[0] = hub.rssKb();
                    }
                },
                300_000L);
        String r = results.getLast();
        double received = JsonScan.number(r, "received", 0);
        f.add("fanout10k_last_ms", subject, received > 0 ? JsonScan.number(r, "lastMs", Double.NaN) : Double.NaN);
        f.add("fanout10k_spread_ms", subject, received > 0 ? JsonScan.number(r, "spreadMs", Double.NaN) : Double.NaN);
        f.add("fanout10k_missed", subject, IDLE_SUBSCRIBERS - received);
        f.add("fanout10k_connect_ms", subject, JsonScan.number(r, "connectMs", Double.NaN));
        f.add("fanout10k_rss_mb", subject, rssKb[0] / 1024.0);
        f.add("fanout10k_peak_rss_mb", subject, hub.peakRssKb() / 1024.0);
        ctx.progress(subject.label() + ": " + IDLE_SUBSCRIBERS + " idle subscribers: " + r + ", hub RSS "
                + Math.round(rssKb[0] / 1024.0) + " MB");
    }

    private HubProcess hub(Path dir, Path config) throws IOException {
        return new HubProcess(
                subject.label(),
                command,
                config,
                dir,
                ctx.children,
                BenchContext.freePort(),
                subject == Subject.OURS ? ctx.oursEnv : Map.of());
    }

    private List<String> routeArgs(String route, HubProcess hub, String namespacedTool) {
        return switch (route) {
            case "rest" ->
                List.of("--transport", "rest", "--url", hub.baseUrl(), "--server", "everything", "--tool", "echo");
            // The 2026-07-28 era on the same endpoint: stateless requests, no session (our hub only).
            case "mcp2026" ->
                List.of("--transport", "stateless", "--url", hub.baseUrl() + "/mcp", "--tool", namespacedTool);
            default -> List.of("--transport", mcpTransport, "--url", hub.baseUrl() + "/mcp", "--tool", namespacedTool);
        };
    }

    /**
     * The cold points end with 64 sessions closing: the reference then spins for many seconds (see bench/README),
     * longer than one wait allows on a busy machine, and a point measured during that measures the spin. Up to
     * three waits, the same for every hub (ours is idle at once).
     */
    private void settleAfterSessionsClosed(HubProcess hub) {
        for (int i = 0; i < 3; i++) {
            if (Idle.millis(hub::cpuNanos, System.nanoTime()) < Idle.LIMIT_NANOS / 1e6) {
                return;
            }
        }
        ctx.note(subject.label() + " was still busy " + 3 * Idle.LIMIT_NANOS / 1_000_000_000
                + " s after the cold points' sessions closed");
    }

    /**
     * Lets the hub finish what the previous step left it doing (the reference, for one, spins for seconds after
     * MCP sessions close), so that each point measures only itself.
     */
    private void awaitIdle(HubProcess hub) {
        double waited = Idle.millis(hub::cpuNanos, System.nanoTime());
        if (waited >= Idle.LIMIT_NANOS / 1e6) {
            ctx.note(subject.label() + " was still busy " + Math.round(waited / 1000) + " s after a step");
        }
    }
}
