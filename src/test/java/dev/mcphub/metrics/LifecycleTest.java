package dev.mcphub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.upstream.UpstreamState;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LifecycleTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Lifecycle lifecycle = new Lifecycle(registry);
    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aServerThatConnectsCrashesAndComesBackIsCountedOnceForEach() throws Exception {
        UpstreamState stopped = UpstreamState.Disconnected.stopped("not started");
        UpstreamState connecting = new UpstreamState.Connecting(t0, 0);
        UpstreamState connected = connected(t0.plusMillis(1500));
        UpstreamState crashed = new UpstreamState.Disconnected("exited", true, 1, List.of(), t0.plusSeconds(5), t0);
        UpstreamState retrying = new UpstreamState.Connecting(t0.plusSeconds(5), 1);
        UpstreamState failed = new UpstreamState.Disconnected("refused", true, null, List.of(), t0, t0);

        lifecycle.changed("s", stopped, connecting);
        lifecycle.changed("s", connecting, connected);
        lifecycle.changed("s", connected, crashed);
        lifecycle.changed("s", crashed, retrying);
        lifecycle.changed("s", retrying, failed);

        String text = scrape();
        assertThat(text)
                .contains("mcphub_server_connects_total{server=\"s\"} 1.0")
                .contains("mcphub_server_crashes_total{server=\"s\"} 1.0")
                .contains("mcphub_server_restarts_total{server=\"s\"} 1.0")
                .contains("mcphub_server_connect_failures_total{server=\"s\"} 1.0")
                .contains("mcphub_server_connect_duration_seconds_sum{server=\"s\"} 1.5")
                .contains("mcphub_server_connect_duration_seconds_bucket{server=\"s\",le=\"2.5\"} 1")
                .contains("mcphub_server_connect_duration_seconds_bucket{server=\"s\",le=\"1.0\"} 0");
    }

    @Test
    void stoppingOrDisablingAServerIsNeitherACrashNorAFailure() throws Exception {
        lifecycle.changed("s", connected(t0), UpstreamState.Disconnected.stopped("stopped"));
        lifecycle.changed("s", UpstreamState.Disconnected.stopped("stopped"), new UpstreamState.Disabled(t0));
        assertThat(scrape())
                .doesNotContain("mcphub_server_crashes_total{")
                .doesNotContain("mcphub_server_connect_failures_total{");
    }

    private static UpstreamState.Connected connected(Instant since) {
        return new UpstreamState.Connected(1, null, null, "stdio", 1, since);
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
