package dev.mcphub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.McpClient;
import dev.mcphub.testing.ServersJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Only {@code initialize} decides whether a server connects: a list the server does not implement (-32601) is
 * empty, and a list that fails otherwise leaves the server connected with the lists it did give, the failure
 * logged once and shown in its status until a later fetch succeeds. The server is the TypeScript SDK's
 * low-level {@code Server} (test-fixtures/servers/partial-lists.mjs), which answers -32601 for
 * {@code resources/templates/list} when it declares {@code resources} without registering that handler.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ListFailuresIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aServerWithoutTemplatesAndWithFailingPromptsConnectsWithTheListsItHas() throws Exception {
        Path config = ServersJson.create()
                .stdio("partial", Fixtures.nodeScript("servers/partial-lists.mjs"))
                .write(dir.resolve("servers.json"));
        try (HubProcess hub = HubProcess.builder(dir)
                .config(config)
                .args("--no-marketplace")
                .start()
                .awaitReady(PATIENCE)) {
            HubServers.awaitStatus(hub, "partial", "connected", PATIENCE);
            JsonNode status = HubServers.status(hub, "partial");
            assertThat(status.at("/capabilities/tools")).hasSize(2);
            assertThat(status.at("/capabilities/resources")).hasSize(1);
            assertThat(status.at("/capabilities/resourceTemplates")).isEmpty();
            assertThat(status.at("/capabilities/prompts")).isEmpty();
            assertThat(status.path("listErrors").propertyNames()).containsExactly("prompts");
            assertThat(status.at("/listErrors/prompts").asString()).contains("the prompt store is offline");
            assertThat(status.path("error").isNull()).isTrue();

            try (McpClient client = McpClient.connect(hub.url("/mcp"))) {
                assertThat(client.toolNames()).contains("partial__echo", "partial__heal_prompts");
            }

            // A refresh fetches the failing list again; the same failure is not logged twice.
            assertThat(hub.post("/api/servers/refresh", "{\"server_name\":\"partial\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(HubServers.status(hub, "partial")
                            .at("/listErrors/prompts")
                            .asString())
                    .contains("offline");
            assertThat(hub.stderr())
                    .filteredOn(line -> line.contains("partial") && line.contains("the prompt store is offline"))
                    .hasSize(1);

            // The server heals and announces list_changed: the list is fetched again and the error goes.
            JsonNode healed = hub.post(
                            "/api/servers/tools",
                            "{\"server_name\":\"partial\",\"tool\":\"heal_prompts\",\"arguments\":{}}")
                    .json();
            assertThat(healed.at("/result/content/0/text").asString()).isEqualTo("healed");
            await().atMost(PATIENCE)
                    .untilAsserted(
                            () -> assertThat(HubServers.status(hub, "partial").at("/capabilities/prompts"))
                                    .hasSize(1));
            assertThat(HubServers.status(hub, "partial").path("listErrors").propertyNames())
                    .isEmpty();
            assertThat(Json.elements(hub.get("/api/servers").json().path("servers")))
                    .hasSize(1);
        }
    }
}
