package dev.mcphub.metrics;

import dev.mcphub.upstream.UpstreamState;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;

/** Counts what happens to each server from its state changes: connects, failures, crashes, restarts. */
final class Lifecycle {
    /** Time-to-connect buckets in seconds: a local stdio server in well under a second, a first npx in minutes. */
    private static final double[] CONNECT_SECONDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final Counter connects;
    private final Counter failures;
    private final Counter crashes;
    private final Counter restarts;
    private final Histogram connectTime;

    Lifecycle(PrometheusRegistry registry) {
        connects = counter(registry, "mcphub_server_connects_total", "Times a server connected and initialized");
        failures = counter(
                registry, "mcphub_server_connect_failures_total", "Connect attempts that failed (before connected)");
        crashes = counter(
                registry,
                "mcphub_server_crashes_total",
                "Times a connected server was lost: its process exited or its session broke");
        restarts = counter(
                registry,
                "mcphub_server_restarts_total",
                "Connect attempts after the first: reconnects after a loss or failure, and restarts");
        Histogram.Builder builder = Histogram.builder()
                .classicOnly()
                .classicUpperBounds(CONNECT_SECONDS)
                .name("mcphub_server_connect_duration_seconds")
                .unit(Unit.SECONDS)
                .help("Time from starting a connect attempt to the server being initialized with its lists")
                .labelNames("server");
        builder.withoutExemplars();
        connectTime = builder.register(registry);
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help) {
        Counter.Builder builder = Counter.builder().name(name).help(help).labelNames("server");
        builder.withoutExemplars();
        return builder.register(registry);
    }

    void changed(String server, UpstreamState previous, UpstreamState current) {
        switch (current) {
            case UpstreamState.Connected connected -> {
                connects.labelValues(server).inc();
                if (previous instanceof UpstreamState.Connecting connecting) {
                    Duration took = Duration.between(connecting.since(), connected.since());
                    connectTime.labelValues(server).observe(Math.max(0, took.toNanos()) / 1e9);
                }
            }
            case UpstreamState.Connecting connecting -> {
                if (connecting.attempt() > 0 || previous instanceof UpstreamState.Connected) {
                    restarts.labelValues(server).inc();
                }
            }
            case UpstreamState.Disconnected disconnected -> {
                if (disconnected.failed() && previous instanceof UpstreamState.Connected) {
                    crashes.labelValues(server).inc();
                } else if (disconnected.failed()) {
                    failures.labelValues(server).inc();
                }
            }
            case UpstreamState.Unauthorized unauthorized -> {
                // Waiting for the user: neither a failure nor a crash.
            }
            case UpstreamState.Disabled disabled -> {
                // Deliberate.
            }
        }
    }
}
