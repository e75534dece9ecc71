package dev.mcphub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Real hubs sharing one {@code workspaces.json}. */
class WorkspacesIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path home;
    private Path config;
    private Path file;
    private final List<HubProcess> hubs = new ArrayList<>();

    @BeforeEach
    void sharedHome() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        config = Files.writeString(dir.resolve("empty.json"), "{\"mcpServers\": {}}");
        file = home.resolve("state/mcp-hub/workspaces.json");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (HubProcess hub : hubs) {
            hub.close();
        }
    }

    @Test
    void twoHubsStartedTogetherShareTheFileAndAKilledHubsLockAndEntryAreCleanedUp() throws Exception {
        HubProcess crashed = start();
        assertThat(entries().propertyNames()).containsExactly(key(crashed));
        crashed.process().destroyForcibly();
        assertThat(crashed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        // As if it died in the middle of an update: its lock and its entry stay behind.
        Path lock = file.resolveSibling("workspaces.json.lock");
        Files.writeString(lock, Long.toString(crashed.pid()));

        List<HubProcess> started = new ArrayList<>();
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HubProcess>> both = List.of(starting.submit(this::start), starting.submit(this::start));
            for (Future<HubProcess> hub : both) {
                started.add(hub.get());
            }
        }
        HubProcess first = started.get(0);
        HubProcess second = started.get(1);

        JsonNode listed = first.get("/api/workspaces").json();
        assertThat(listed.get("workspaces").propertyNames()).containsExactlyInAnyOrder(key(first), key(second));
        assertThat(listed.path("timestamp").isString()).isTrue();
        assertThat(entries().propertyNames()).containsExactlyInAnyOrder(key(first), key(second));
        assertThat(lock).doesNotExist();
        JsonNode entry = listed.at("/workspaces/" + key(second));
        assertThat(entry.path("pid").asLong()).isEqualTo(second.pid());
        assertThat(entry.path("port").asInt()).isEqualTo(second.port());
        assertThat(entry.path("cwd").asString()).isEqualTo(dir.toAbsolutePath().toString());
        assertThat(entry.get("config_files")).containsExactly(Json.tree(config.toString()));
        assertThat(entry.path("state").asString()).isEqualTo("active");
        assertThat(entry.path("startTime").asString()).endsWith("Z");
        JsonNode health = second.get("/api/health").json().get("workspaces");
        assertThat(health.path("current").asString()).isEqualTo(key(second));
        assertThat(health.get("allActive").propertyNames()).containsExactlyInAnyOrder(key(first), key(second));

        try (SseReader events = SseReader.open(first.url("/api/events"), Map.of())) {
            await().atMost(PATIENCE)
                    .until(() ->
                            entries().path(key(first)).path("activeConnections").asInt() == 1);
            assertThat(second.stop(PATIENCE)).isZero();

            JsonNode updated = events.awaitEvent(
                            e -> SseReader.subscription("workspaces_updated").test(e)
                                    && !e.json().path("workspaces").has(key(second)),
                            PATIENCE)
                    .json();
            assertThat(updated.get("workspaces").propertyNames()).containsExactly(key(first));
        }
        assertThat(entries().propertyNames()).containsExactly(key(first));
    }

    @Test
    void aHubThatCannotListenLeavesTheEntryOfTheHubOnItsPortAlone() throws Exception {
        HubProcess running = start();
        String before = Files.readString(file);

        assertThatThrownBy(() -> HubProcess.builder(dir)
                        .home(home)
                        .config(config)
                        .args("--port", String.valueOf(running.port()))
                        .start())
                .hasMessageContaining("hub exited with 1");

        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(running.get("/api/workspaces").json().get("workspaces").propertyNames())
                .containsExactly(key(running));
    }

    private HubProcess start() throws Exception {
        HubProcess hub = HubProcess.builder(dir).home(home).config(config).start();
        synchronized (hubs) {
            hubs.add(hub);
        }
        return hub.awaitReady(PATIENCE);
    }

    private JsonNode entries() throws Exception {
        return Files.exists(file) ? Json.parse(Files.readString(file)) : Json.object();
    }

    private static String key(HubProcess hub) {
        return String.valueOf(hub.port());
    }
}
