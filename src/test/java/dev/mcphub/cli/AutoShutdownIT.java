package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code --auto-shutdown}: the hub ends when its last event client leaves, unless one comes back. */
class AutoShutdownIT {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theHubExitsZeroAfterTheDelayOnceTheLastEventClientLeaves() throws Exception {
        try (HubProcess hub = start(1500)) {
            SseReader client = connect(hub);
            await().atMost(PATIENCE)
                    .until(() -> entry(hub).path("activeConnections").asInt() == 1);

            client.close();
            long left = System.nanoTime();

            await().atMost(PATIENCE)
                    .until(() -> "shutting_down".equals(entry(hub).path("state").asString()));
            JsonNode entry = entry(hub);
            assertThat(entry.path("shutdownDelay").asLong()).isEqualTo(1500);
            assertThat(entry.path("shutdownStartedAt").isString()).isTrue();
            assertThat(entry.path("activeConnections").asInt()).isZero();
            assertThat(hub.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("the hub exits")
                    .isTrue();
            long millis = (System.nanoTime() - left) / 1_000_000;
            System.out.printf("AutoShutdownIT: exited %d ms after the last client left (delay 1500 ms)%n", millis);
            assertThat(hub.process().exitValue()).isZero();
            assertThat(millis).as("exit after the delay").isGreaterThanOrEqualTo(1400);
            assertThat(workspaces(hub).has(String.valueOf(hub.port()))).isFalse();
        }
    }

    @Test
    void aClientThatComesBackWithinTheDelayCancelsTheShutdown() throws Exception {
        try (HubProcess hub = start(2500)) {
            SseReader first = connect(hub);
            await().atMost(PATIENCE)
                    .until(() -> entry(hub).path("activeConnections").asInt() == 1);
            first.close();
            await().atMost(PATIENCE)
                    .until(() -> "shutting_down".equals(entry(hub).path("state").asString()));

            try (SseReader again = connect(hub)) {
                await().atMost(PATIENCE)
                        .until(() -> "active".equals(entry(hub).path("state").asString()));
                JsonNode entry = entry(hub);
                assertThat(entry.path("shutdownStartedAt").isNull()).isTrue();
                assertThat(entry.path("shutdownDelay").isNull()).isTrue();
                assertThat(entry.path("activeConnections").asInt()).isEqualTo(1);

                await().during(Duration.ofMillis(3500))
                        .atMost(Duration.ofSeconds(6))
                        .until(() -> hub.process().isAlive());
                assertThat(hub.get("/api/health").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aHubThatNeverHadAClientRunsOn() throws Exception {
        try (HubProcess hub = start(0)) {
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> hub.process().isAlive());
            assertThat(entry(hub).path("state").asString()).isEqualTo("active");
        }
    }

    private HubProcess start(long delayMillis) throws Exception {
        Path config = Files.writeString(dir.resolve("empty.json"), "{\"mcpServers\": {}}");
        return HubProcess.builder(dir)
                .config(config)
                .args("--auto-shutdown", "--shutdown-delay", String.valueOf(delayMillis))
                .start()
                .awaitReady(PATIENCE);
    }

    private static SseReader connect(HubProcess hub) throws Exception {
        SseReader reader = SseReader.open(hub.url("/api/events"), Map.of());
        reader.awaitEvent(SseReader.named("hub_state"), PATIENCE);
        return reader;
    }

    private static JsonNode entry(HubProcess hub) throws Exception {
        return workspaces(hub).path(String.valueOf(hub.port()));
    }

    static JsonNode workspaces(HubProcess hub) throws Exception {
        Path file = hub.home().resolve("state/mcp-hub/workspaces.json");
        return Files.exists(file) ? Json.parse(Files.readString(file)) : Json.object();
    }
}
