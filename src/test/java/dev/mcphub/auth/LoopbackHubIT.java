package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A hub on loopback without authentication works as it always did; {@code --audit --audit-payloads} records
 * calls with their arguments and results; and the first key created guards the running hub.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LoopbackHubIT {
    @TempDir
    Path dir;

    @Test
    void anOpenLoopbackHubAuditsPayloadsWhenAskedAndIsGuardedOnceAKeyExists() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .write(dir.resolve("servers.json"));
        try (HubProcess hub = HubProcess.builder(dir)
                .home(home)
                .config(config)
                .args("--no-marketplace", "--audit", "--audit-payloads")
                .start()) {
            hub.awaitReady(Duration.ofSeconds(60));
            HubProcess.Reply call = hub.post(
                    "/api/servers/tools",
                    "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"kept on purpose\"}}");
            assertThat(call.status()).isEqualTo(200);
            List<JsonNode> entries = Json.elements(hub.get("/api/audit").json().path("entries"));
            assertThat(entries).singleElement().satisfies(entry -> {
                assertThat(entry.path("who").asString()).isEqualTo("local");
                assertThat(entry.path("via").asString()).isEqualTo("rest");
                assertThat(entry.path("action").asString()).isEqualTo("tools/call");
                assertThat(entry.path("arguments").path("message").asString()).isEqualTo("kept on purpose");
                assertThat(entry.path("result").toString()).contains("Echo: kept on purpose");
            });

            String key = KeysCli.create(home, "first");
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> hub.get("/api/servers").status() == 401);
            assertThat(new Authed(hub, key).get("/api/servers").status()).isEqualTo(200);
        }
    }
}
