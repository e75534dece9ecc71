package dev.mcphub.hub;

import dev.mcphub.config.Placeholders;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.RemoteTransports;
import dev.mcphub.upstream.UpstreamSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings for a hub made in the test's own JVM: no environment of the machine, every file under {@code dir}, one
 * timeout for requests and connects, and a long backoff so that a failed server waits instead of retrying during
 * a test.
 */
final class InProcessSettings {
    private InProcessSettings() {}

    static HubSettings of(Path dir, Duration timeout, RemoteTransports remote) {
        UpstreamSettings upstream = new UpstreamSettings(
                timeout,
                timeout,
                UpstreamSettings.backoff(Duration.ofSeconds(30), Duration.ofSeconds(60)),
                Duration.ofSeconds(60),
                Json.object(),
                "test",
                remote,
                null);
        return new HubSettings(
                timeout,
                timeout,
                upstream,
                Placeholders.Context.fromEnvironment(Map.of(), dir),
                Map.of(),
                dir.resolve("overrides.json"));
    }
}
