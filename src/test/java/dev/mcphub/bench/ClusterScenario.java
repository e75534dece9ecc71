package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The cluster point (issue 17): our hub in four setups, each in a launch of its own with server-everything as its
 * one stdio upstream: one hub alone; the same with {@code --redis} (cluster mode, spoken to directly); the same
 * behind nginx; and three replicas with {@code --redis} behind nginx (round-robin, no stickiness). Comparing the
 * first two gives what cluster mode costs a call (the shared session lookup), the second and third what the
 * balancer costs, the third and fourth what three replicas bring on this machine. Each setup: unmeasured calls
 * to warm it, then {@code /mcp} K=1, {@code /mcp} K=64 (2025-era sessions) and {@code /mcp} K=64 2026-07-28 stateless,
 * with the CPU of the hubs, nginx and Redis and the Redis commands over each measured window.
 */
final class ClusterScenario {
    /** K=1 rounds of 1 hub against 1 hub --redis per repeat. */
    private static final int ROUNDS = 2;

    private final BenchContext ctx;
    private final List<String> command;

    ClusterScenario(BenchContext ctx, List<String> command) {
        this.ctx = ctx;
        this.command = List.copyOf(command);
    }

    /** Why the cluster point cannot run here, or null when it can. */
    static String missing() {
        List<String> absent = new ArrayList<>();
        if (RedisProcess.program() == null) {
            absent.add("redis-server");
        }
        if (NginxProcess.program() == null) {
            absent.add("nginx");
        }
        return absent.isEmpty()
                ? null
                : "cluster point skipped: " + String.join(" and ", absent)
                        + " not installed (Debian: apt-get install redis-server nginx)";
    }

    /**
     * One repeat. 1 hub and 1 hub --redis run side by side and their K=1 points alternate ({@link #ROUNDS} each), so
     * that drift on a busy machine hits both alike: the added p50 is the difference within each round. Then the
     * two nginx setups, one after the other.
     */
    void run() throws IOException, InterruptedException {
        Figures f = ctx.figures;
        try (ClusterLaunch alone = launch(ClusterFigures.Setup.ALONE);
                ClusterLaunch redis = launch(ClusterFigures.Setup.REDIS)) {
            warm(alone);
            warm(redis);
            for (int round = 0; round < ROUNDS; round++) {
                Window.Totals a = measure(alone, "streamable", 1);
                Window.Totals b = measure(redis, "streamable", 1);
                record(alone.setup, "mcp_k1", a);
                record(redis.setup, "mcp_k1", b);
                f.add("cluster_added_p50_ms", Subject.OURS, b.p50Ms() - a.p50Ms());
            }
            loadPoints(alone);
            loadPoints(redis);
        }
        for (ClusterFigures.Setup s : List.of(ClusterFigures.Setup.REDIS_NGINX, ClusterFigures.Setup.CLUSTER)) {
            if (!ctx.timeLeft()) {
                ctx.note("the time budget ran out: cluster setups were skipped");
                return;
            }
            try (ClusterLaunch launch = launch(s)) {
                warm(launch);
                record(s, "mcp_k1", measure(launch, "streamable", 1));
                loadPoints(launch);
            }
        }
        ClusterFigures.derive(f);
    }

    private ClusterLaunch launch(ClusterFigures.Setup s) throws IOException, InterruptedException {
        Path dir = ctx.newDir("cluster-" + s.id());
        return ClusterLaunch.start(ctx, s, command, dir, writeConfig(dir));
    }

    /** The K=64 points: 2025-era sessions, then 2026-07-28 stateless requests. */
    private void loadPoints(ClusterLaunch launch) throws IOException, InterruptedException {
        record(launch.setup, "mcp_k64", measure(launch, "streamable", 64));
        record(launch.setup, "mcp2026_k64", measure(launch, "stateless", 64));
    }

    /**
     * Each setup is a fresh JVM (or three): before anything is measured, 64 sessions make {@link
     * HubScenario#COLD_CALLS_PER_SESSION} calls each per replica (12,800 per replica, as the main run's cold points),
     * and the same through the stateless path, so that the JIT has compiled both paths on every replica.
     */
    private void warm(ClusterLaunch launch) throws IOException, InterruptedException {
        String calls = Integer.toString(HubScenario.COLD_CALLS_PER_SESSION * launch.setup.replicas());
        String base = launch.base();
        for (String transport : List.of("streamable", "stateless")) {
            ctx.generator.run(echoCalls(transport, base, 64, "--calls-per-session", calls), phase -> {}, 180_000);
        }
    }

    private Window.Totals measure(ClusterLaunch launch, String transport, int k)
            throws IOException, InterruptedException {
        Window window = launch.window();
        String base = launch.base();
        double waited = Idle.millis(window::hubsCpuNanos, System.nanoTime());
        if (waited >= Idle.LIMIT_NANOS / 1e6) {
            ctx.note("cluster: the hubs were still busy " + Math.round(waited / 1000) + " s after a step");
        }
        BenchOptions o = ctx.options;
        List<String> args = echoCalls(
                transport,
                base,
                k,
                "--warmup-ms",
                Long.toString(o.warmupMillis()),
                "--measure-ms",
                Long.toString(o.measureMillis()));
        Consumer<String> sampler = window::phase;
        String result = ctx.generator
                .run(args, sampler, o.warmupMillis() + o.measureMillis() + 60_000)
                .getLast();
        String firstError = JsonScan.string(result, "firstError");
        if (firstError != null && !firstError.isEmpty()) {
            ctx.note("cluster: errors in a load point (" + transport + " K=" + k + "), the first: " + firstError);
        }
        return window.totals(result);
    }

    private void record(ClusterFigures.Setup s, String point, Window.Totals t) {
        Figures f = ctx.figures;
        String p = ClusterFigures.id(s, point);
        f.add(p + "_cps", Subject.OURS, t.cps());
        f.add(p + "_p50_ms", Subject.OURS, t.p50Ms());
        f.add(p + "_p99_ms", Subject.OURS, t.p99Ms());
        f.add(p + "_errors", Subject.OURS, t.errors());
        f.add(p + "_hub_cpu_ms", Subject.OURS, t.perCall(t.hubsCpuMs()));
        f.add(p + "_nginx_cpu_ms", Subject.OURS, t.perCall(t.nginxCpuMs()));
        f.add(p + "_redis_cpu_ms", Subject.OURS, t.perCall(t.redisCpuMs()));
        f.add(p + "_redis_ops", Subject.OURS, t.perCall(t.redisOps()));
        ctx.progress(String.format(
                Locale.ROOT,
                "cluster, %s, %s: %.0f calls/s, p50 %.2f ms, p99 %.2f ms, %d errors; per call: hubs %.3f ms CPU,"
                        + " nginx %.3f, Redis %.3f, Redis commands %s",
                s.label(),
                point,
                t.cps(),
                t.p50Ms(),
                t.p99Ms(),
                (long) t.errors(),
                t.perCall(t.hubsCpuMs()),
                t.perCall(t.nginxCpuMs()),
                t.perCall(t.redisCpuMs()),
                t.commandsPerCall()));
    }

    /** Config of server-everything alone over stdio (one upstream per replica keeps three replicas affordable). */
    private Path writeConfig(Path dir) throws IOException {
        String json = "{\"mcpServers\":{\"everything\":{\"command\":" + quote(ctx.node()) + ",\"args\":["
                + quote(ctx.serverEverything()) + ",\"stdio\"]}}}";
        return Files.writeString(dir.resolve("servers.json"), json);
    }

    private static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The generator's arguments: K sessions calling echo through the cluster, then {@code more}. */
    private static List<String> echoCalls(String transport, String base, int k, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--transport",
                transport,
                "--url",
                base + "/mcp",
                "--tool",
                "everything__echo",
                "--k",
                Integer.toString(k)));
        args.addAll(List.of(more));
        return args;
    }
}
