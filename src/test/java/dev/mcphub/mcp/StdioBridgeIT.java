package dev.mcphub.mcp;

import static dev.mcphub.mcp.TsClient.call;
import static dev.mcphub.mcp.TsClient.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcp-hub --stdio}, driven by the official TypeScript SDK client's stdio transport (as a desktop app
 * that can only spawn a process would): attached to a running hub, and starting one of its own.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StdioBridgeIT {
    @TempDir
    Path dir;

    @Test
    void aClientOverStdioListsCallsAndAnswersSamplingThroughTheHubAlreadyRunningForItsConfig() throws Exception {
        Path config = config();
        try (HubProcess hub =
                HubProcess.builder(dir).config(config).args("--no-marketplace").start()) {
            hub.awaitReady(Duration.ofSeconds(90));
            TestHub.awaitStatus(hub, List.of("everything"), "connected");
            List<JsonNode> lines = session(config, env(hub.home()));

            assertThat(Json.elements(TsClient.outcome(lines, "list").at("/result/tools")).stream()
                            .map(tool -> tool.path("name").asString())
                            .toList())
                    .contains("everything__echo", "everything__trigger-sampling-request");
            assertThat(TsClient.outcome(lines, "echo")
                            .at("/result/content/0/text")
                            .asString())
                    .isEqualTo("Echo: over stdio");
            assertThat(TsClient.ofType(lines, "serverRequest")
                            .getFirst()
                            .path("method")
                            .asString())
                    .isEqualTo("sampling/createMessage");
            assertThat(TsClient.outcome(lines, "sample")
                            .at("/result/content/0/text")
                            .asString())
                    .contains("LLM sampling result");
            // Attached, not started: the registry still holds only the test's hub.
            assertThat(hub.get("/api/workspaces").json().path("workspaces").size())
                    .isEqualTo(1);
        }
    }

    @Test
    void withoutARunningHubItStartsOneThatEndsAfterItsLastClient() throws Exception {
        Path config = config();
        Path home = Files.createDirectories(dir.resolve("home"));
        List<JsonNode> lines = session(config, env(home));

        assertThat(TsClient.outcome(lines, "echo").at("/result/content/0/text").asString())
                .isEqualTo("Echo: over stdio");
        Path log = home.resolve("state/mcp-hub/logs/stdio-started-hub.log");
        assertThat(Files.readString(log)).contains("mcp-hub ready");
        // The started hub runs with --auto-shutdown and a delay of 0: it leaves once the bridge is gone.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Path registry = home.resolve("state/mcp-hub/workspaces.json");
            return !Files.exists(registry)
                    || Json.parse(Files.readString(registry)).isEmpty();
        });
    }

    private List<JsonNode> session(Path config, Map<String, String> env) {
        String command = Json.text(Json.array(List.of(
                Json.tree(HubProcess.javaBinary()),
                Json.tree("-jar"),
                Json.tree(HubProcess.jar()),
                Json.tree("--stdio"),
                Json.tree("--no-marketplace"),
                Json.tree("--config"),
                Json.tree(config.toString()))));
        ObjectNode sampling = Json.object().put("prompt", "say hi").put("maxTokens", 10);
        try (TsClient client = TsClient.start("session", command, TsClient.Transport.STDIO, env, "sampling")) {
            client.send(step("list", "listTools", Json.object()));
            client.send(call("echo", "everything__echo", Json.object().put("message", "over stdio")));
            client.send(call("sample", "everything__trigger-sampling-request", sampling));
            return client.finish();
        }
    }

    private Path config() throws Exception {
        ObjectNode root = Json.object();
        root.putObject("mcpServers").set("everything", Upstreams.everything());
        return Files.writeString(dir.resolve("servers.json"), Json.text(root));
    }

    private static Map<String, String> env(Path home) {
        return Map.of(
                "HOME", home.toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString());
    }
}
