package dev.mcphub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One setup of the cluster point, running: its Redis (if any), its replicas (each with its own XDG directories and
 * the same config) and its nginx (if any). {@link #close()} stops them all.
 */
final class ClusterLaunch implements AutoCloseable {
    private static final long READY_TIMEOUT_MS = 60_000;

    final ClusterFigures.Setup setup;
    private final List<HubProcess> hubs = new ArrayList<>();
    private RedisProcess redis;
    private NginxProcess nginx;
    private String base;

    private ClusterLaunch(ClusterFigures.Setup setup) {
        this.setup = setup;
    }

    /** Starts everything of {@code setup} under {@code dir}; what started is stopped again when a part fails. */
    static ClusterLaunch start(
            BenchContext ctx, ClusterFigures.Setup setup, List<String> command, Path dir, Path config)
            throws IOException, InterruptedException {
        ClusterLaunch launch = new ClusterLaunch(setup);
        try {
            if (setup.redis()) {
                launch.redis = RedisProcess.start(ctx.children, Files.createDirectories(dir.resolve("redis")));
            }
            for (int i = 1; i <= setup.replicas(); i++) {
                List<String> line = new ArrayList<>(command);
                if (launch.redis != null) {
                    line.addAll(List.of("--redis", launch.redis.url(), "--replica", "r" + i));
                }
                launch.hubs.add(new HubProcess(
                        "ours-" + setup.id() + "-r" + i,
                        line,
                        config,
                        Files.createDirectories(dir.resolve("r" + i)),
                        ctx.children,
                        BenchContext.freePort(),
                        ctx.oursEnv));
            }
            startAll(launch.hubs);
            if (setup.nginx()) {
                launch.nginx = NginxProcess.start(
                        ctx.children,
                        Files.createDirectories(dir.resolve("nginx")),
                        launch.hubs.stream().map(HubProcess::port).toList());
            }
            launch.base = launch.nginx != null
                    ? launch.nginx.baseUrl()
                    : launch.hubs.getFirst().baseUrl();
            return launch;
        } catch (IOException | RuntimeException | InterruptedException e) {
            launch.close();
            throw e;
        }
    }

    /** Where the generator connects: nginx, or the one hub. */
    String base() {
        return base;
    }

    /** A fresh window over every part's CPU and Redis's commands. */
    Window window() {
        return new Window(hubs, nginx, redis);
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

    @Override
    public void close() {
        if (nginx != null) {
            nginx.close();
        }
        hubs.forEach(HubProcess::close);
        if (redis != null) {
            redis.close();
        }
    }
}
