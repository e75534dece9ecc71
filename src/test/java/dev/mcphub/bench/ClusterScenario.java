package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final long READY_TIMEOUT_MS = 60_000;

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

    /** One repeat: every setup in turn, so that drift on the machine hits all of them. */
    void run() throws IOException, InterruptedException {
        for (ClusterFigures.Setup s : ClusterFigures.Setup.values()) {
            if (!ctx.timeLeft()) {
                ctx.note("the time budget ran out: cluster setups were skipped");
                return;
            }
            runSetup(s);
        }
        ClusterFigures.derive(ctx.figures);
    }

    private void runSetup(ClusterFigures.Setup s) throws IOException, InterruptedException {
        Path dir = ctx.newDir("cluster-" + s.id());
        Path config = writeConfig(dir);
        List<HubProcess> hubs = new ArrayList<>();
        RedisProcess redis = null;
        NginxProcess nginx = null;
        try {
            redis = s.redis() ? RedisProcess.start(ctx.children, Files.createDirectories(dir.resolve("redis"))) : null;
            for (int i = 1; i <= s.replicas(); i++) {
                List<String> line = new ArrayList<>(command);
                if (redis != null) {
                    line.addAll(List.of("--redis", redis.url(), "--replica", "r" + i));
                }
                Path home = Files.createDirectories(dir.resolve("r" + i));
                hubs.add(new HubProcess(
                        "ours-" + s.id() + "-r" + i,
                        line,
                        config,
                        home,
                        ctx.children,
                        BenchContext.freePort(),
                        ctx.oursEnv));
            }
            startAll(hubs);
            nginx = s.nginx()
                    ? NginxProcess.start(
                            ctx.children,
                            Files.createDirectories(dir.resolve("nginx")),
                            hubs.stream().map(HubProcess::port).toList())
                    : null;
            String base = nginx != null ? nginx.baseUrl() : hubs.getFirst().baseUrl();
            Window window = new Window(hubs, nginx, redis);
            warm(base, s.replicas());
            record(s, "mcp_k1", measure(window, "streamable", base, 1));
            record(s, "mcp_k64", measure(window, "streamable", base, 64));
            record(s, "mcp2026_k64", measure(window, "stateless", base, 64));
        } finally {
            if (nginx != null) {
                nginx.close();
            }
            hubs.forEach(HubProcess::close);
            if (redis != null) {
                redis.close();
            }
        }
    }

    /** Starts the replicas side by side (each waits for its own {@code ready}); throws the first failure. */
    private static void startAll(List<HubProcess> hubs) throws IOException, InterruptedException {
        Map<HubProcess, Exception> failed = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (HubProcess hub : hubs) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    hub.start(READY_TIMEOUT_MS);
                } catch (IOException | RuntimeException | InterruptedException e) {
                    failed.put(hub, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Exception e : failed.values()) {
            throw new IOException("a replica did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Each setup is a fresh JVM (or three): before anything is measured, 64 sessions make {@link
     * HubScenario#COLD_CALLS_PER_SESSION} calls each per replica (12,800 per replica, as the main run's cold points),
     * and the same through the stateless path, so that the JIT has compiled both paths on every replica.
     */
    private void warm(String base, int replicas) throws IOException, InterruptedException {
        String calls = Integer.toString(HubScenario.COLD_CALLS_PER_SESSION * replicas);
        for (String transport : List.of("streamable", "stateless")) {
            ctx.generator.run(
                    List.of(
                            "--transport",
                            transport,
                            "--url",
                            base + "/mcp",
                            "--tool",
                            "everything__echo",
                            "--k",
                            "64",
                            "--calls-per-session",
                            calls),
                    phase -> {},
                    180_000);
        }
    }

    private Window.Totals measure(Window window, String transport, String base, int k)
            throws IOException, InterruptedException {
        double waited = Idle.millis(window::hubsCpuNanos, System.nanoTime());
        if (waited >= Idle.LIMIT_NANOS / 1e6) {
            ctx.note("cluster: the hubs were still busy " + Math.round(waited / 1000) + " s after a step");
        }
        BenchOptions o = ctx.options;
        List<String> args = List.of(
                "--transport",
                transport,
                "--url",
                base + "/mcp",
                "--tool",
                "everything__echo",
                "--k",
                Integer.toString(k),
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
}
