package dev.mcphub.cli;

import static dev.mcphub.cli.LiveConfigIT.fault;
import static dev.mcphub.testing.SseReader.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.ConfigFile;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What the REST API enables or disables stays so across config reloads and hub restarts. */
class OverridesIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anApiDisableSurvivesAReloadAndAHubRestartUntilTheFileItselfSaysOtherwise() throws Exception {
        ConfigFile config = ConfigFile.at(dir.resolve("servers.json"))
                .server("alpha", fault("alpha"))
                .server("beta", fault("beta"))
                .write();
        Path home;
        try (HubProcess hub = watching(config, null)) {
            home = hub.home();
            JsonNode stopped = hub.post("/api/servers/stop?disable=true", "{\"server_name\":\"beta\"}")
                    .json();
            assertThat(stopped.at("/server/status").asString()).isEqualTo("disabled");
            assertThat(stopped.at("/server/override").asString()).isEqualTo("disabled");

            try (SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
                config.server("gamma", fault("gamma"));
                config.entry("beta").put("description", "changed, but not its disabled");
                config.entry("beta").putObject("env"); // A key field: beta is modified, not only re-described.
                config.write();
                events.awaitEvent(subscription("servers_updated"), PATIENCE);
            }
            HubServers.awaitStatus(hub, "gamma", "connected", PATIENCE);
            assertDisabledByOverride(hub, "beta");
            assertThat(HubServers.status(hub, "alpha").path("override").isMissingNode())
                    .isTrue();
            assertThat(hub.stop(PATIENCE)).isZero();
        }
        assertThat(Files.readString(config.path())).doesNotContain("\"disabled\"");

        try (HubProcess again = watching(config, home)) {
            assertDisabledByOverride(again, "beta");
            assertThat(HubServers.status(again, "alpha").path("status").asString())
                    .isEqualTo("connected");

            config.entry("beta").put("disabled", false);
            config.renameOver();
            HubServers.awaitStatus(again, "beta", "connected", PATIENCE);
            assertThat(HubServers.status(again, "beta").has("override")).isFalse();
        }
    }

    @Test
    void anApiEnableOfAServerTheFileDisablesSurvivesAReloadAndKeepsItsProcess() throws Exception {
        ConfigFile config = ConfigFile.at(dir.resolve("servers.json"))
                .server("alpha", fault("alpha"))
                .server("beta", fault("beta").put("disabled", true))
                .write();
        try (HubProcess hub = watching(config, null)) {
            assertThat(HubServers.status(hub, "beta").path("status").asString()).isEqualTo("disabled");

            JsonNode started =
                    hub.post("/api/servers/start", "{\"server_name\":\"beta\"}").json();
            assertThat(started.at("/server/status").asString()).isEqualTo("connected");
            assertThat(started.at("/server/override").asString()).isEqualTo("enabled");
            long betaPid = HubServers.pid(hub, "beta");

            try (SseReader events = SseReader.open(hub.url("/api/events"), Map.of())) {
                config.server("gamma", fault("gamma")).write();
                events.awaitEvent(subscription("servers_updated"), PATIENCE);
            }
            HubServers.awaitStatus(hub, "gamma", "connected", PATIENCE);
            JsonNode beta = HubServers.status(hub, "beta");
            assertThat(beta.path("status").asString()).isEqualTo("connected");
            assertThat(beta.path("override").asString()).isEqualTo("enabled");
            assertThat(HubServers.pid(hub, "beta")).isEqualTo(betaPid);

            hub.post("/api/restart", "{}");
            HubServers.awaitStatus(hub, "beta", "connected", PATIENCE);
            assertThat(HubServers.status(hub, "beta").path("override").asString())
                    .isEqualTo("enabled");
        }
    }

    private static void assertDisabledByOverride(HubProcess hub, String name) throws Exception {
        JsonNode status = HubServers.status(hub, name);
        assertThat(status.path("status").asString()).isEqualTo("disabled");
        assertThat(status.path("override").asString()).isEqualTo("disabled");
    }

    private HubProcess watching(ConfigFile config, Path home) throws Exception {
        HubProcess.Builder builder =
                HubProcess.builder(dir).config(config.path()).args("--watch");
        if (home != null) {
            builder.home(home);
        }
        return builder.start().awaitReady(PATIENCE);
    }
}
