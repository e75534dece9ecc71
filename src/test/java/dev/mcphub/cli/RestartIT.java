package dev.mcphub.cli;

import static dev.mcphub.cli.LiveConfigIT.fault;
import static dev.mcphub.testing.SseReader.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.testing.ConfigFile;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.SseReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /api/restart} and {@code /api/hard-restart} on the real hub. */
class RestartIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void restartRereadsTheConfigFromDiskAndReconnectsEveryServer() throws Exception {
        ConfigFile config = ConfigFile.at(dir.resolve("servers.json"))
                .server("alpha", fault("alpha"))
                .write();
        try (HubProcess hub =
                        HubProcess.builder(dir).config(config.path()).start().awaitReady(PATIENCE);
                SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
            long alphaPid = HubServers.pid(hub, "alpha");
            config.server("beta", fault("beta")).write(); // Not watched: nothing happens until the restart.

            HubProcess.Reply reply = hub.post("/api/restart", "{}");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("status").asString()).isEqualTo("ok");
            events.awaitEvent(state("restarted"), PATIENCE);
            List<JsonNode> states = events.events().stream()
                    .filter(named("hub_state"))
                    .map(SseReader.Event::json)
                    .toList();
            assertThat(states)
                    .extracting(s -> s.path("state").asString())
                    .containsSubsequence("ready", "restarting", "restarted");
            assertThat(states.getLast().path("has_restarted").asBoolean()).isTrue();
            assertThat(HubServers.all(hub).propertyNames()).containsExactly("alpha", "beta");
            HubServers.awaitStatus(hub, "beta", "connected", PATIENCE);
            assertThat(HubServers.pid(hub, "alpha")).isNotEqualTo(alphaPid);
            assertThat(HubServers.gone(alphaPid)).isTrue();
        }
    }

    @Test
    void aRestartWithAnInvalidConfigFailsAndLeavesTheServersRunning() throws Exception {
        ConfigFile config = ConfigFile.at(dir.resolve("servers.json"))
                .server("alpha", fault("alpha"))
                .write();
        try (HubProcess hub =
                HubProcess.builder(dir).config(config.path()).start().awaitReady(PATIENCE)) {
            long alphaPid = HubServers.pid(hub, "alpha");
            config.writeText("{\"mcpServers\": ");

            HubProcess.Reply reply = hub.post("/api/restart", "{}");

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.json().path("code").asString()).isEqualTo("HUB_RESTART_ERROR");
            assertThat(HubServers.pid(hub, "alpha")).isEqualTo(alphaPid);
        }
    }

    @Test
    void hardRestartBroadcastsRestartingAndExitsZeroLeavingNoServerBehind() throws Exception {
        ConfigFile config = ConfigFile.at(dir.resolve("servers.json"))
                .server("alpha", fault("alpha"))
                .write();
        try (HubProcess hub =
                        HubProcess.builder(dir).config(config.path()).start().awaitReady(PATIENCE);
                SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
            long alphaPid = HubServers.pid(hub, "alpha");

            HubProcess.Reply reply = hub.post("/api/hard-restart", "{}");

            assertThat(reply.status()).isEqualTo(200);
            events.awaitEvent(state("restarting"), PATIENCE);
            assertThat(hub.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("the hub exits")
                    .isTrue();
            assertThat(hub.process().exitValue()).isZero();
            await().atMost(PATIENCE).until(() -> HubServers.gone(alphaPid));
        }
    }

    private static java.util.function.Predicate<SseReader.Event> state(String state) {
        return event -> event.name().equals("hub_state")
                && event.json().path("state").asString().equals(state);
    }
}
