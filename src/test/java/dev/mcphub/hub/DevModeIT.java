package dev.mcphub.hub;

import static dev.mcphub.testing.SseReader.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.json.Json;
import dev.mcphub.testing.ConfigFile;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.LiveHub;
import dev.mcphub.testing.McpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Dev mode on the real hub: a stdio server whose source is a Node script in a project directory; editing the
 * script (or adding a file) restarts the server with the new code.
 */
class DevModeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path project;

    /** A hub with one dev-mode server, "dev", whose source is {@code project/server.js}; and its event stream. */
    @RegisterExtension
    final LiveHub live = LiveHub.on(this::writeConfig);

    private Path writeConfig() throws Exception {
        project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("node_modules/dep"));
        writeServer("first_tool");
        ConfigFile config = ConfigFile.at(dir.resolve("servers.json"));
        config.server(
                "dev",
                ConfigFile.stdio(List.of("node", project.resolve("server.js").toString())));
        config.entry("dev").putObject("dev").put("cwd", project.toString());
        return config.write().path();
    }

    @Test
    void editingTheSourceRestartsTheServerWithTheNewCode() throws Exception {
        long firstPid = HubServers.pid(live.hub(), "dev");
        try (McpClient client = McpClient.connect(live.hub().url("/mcp"))) {
            assertThat(client.toolNames()).containsExactly("dev__first_tool");

            int mark = live.mark();
            writeServer("second_tool");
            JsonNode updated = awaitAfter(mark, "servers_updated");

            JsonNode updating = awaitAfter(mark, "servers_updating");
            assertThat(updating.get("changes")).isEqualTo(Json.parse("{\"modified\":[\"dev\"]}"));
            assertThat(updating.path("reason").asString()).isEqualTo("dev_file_change");
            assertThat(updating.get("files")).containsExactly(Json.tree("server.js"));
            assertThat(updated.get("changes")).isEqualTo(updating.get("changes"));
            assertThat(updated.path("reason").asString()).isEqualTo("dev_file_change");
            assertThat(updated.get("files")).isEqualTo(updating.get("files"));
            assertThat(updated.at("/newCapabilities/tools/0/name").asString()).isEqualTo("second_tool");
            assertThat(updated.has("error")).isFalse();

            assertThat(HubServers.pid(live.hub(), "dev")).isNotEqualTo(firstPid);
            assertThat(HubServers.gone(firstPid)).isTrue();
            await().atMost(PATIENCE).until(() -> client.toolNames().equals(List.of("dev__second_tool")));
            JsonNode called = client.request(
                    "tools/call", Json.object().put("name", "dev__second_tool").set("arguments", Json.object()));
            assertThat(called.at("/result/content/0/text").asString()).isEqualTo("second_tool");
        }
    }

    @Test
    void aFileCreatedLaterInANewDirectoryRestartsTheServerButIgnoredOnesDoNot() throws Exception {
        int mark = live.mark();
        Files.writeString(project.resolve("node_modules/dep/index.js"), "module.exports = 1;");
        Files.writeString(project.resolve("notes.md"), "not watched");
        Files.createDirectories(project.resolve("lib/tools"));
        Files.writeString(project.resolve("lib/tools/helper.py"), "print('new')");

        JsonNode updated = awaitAfter(mark, "servers_updated");

        assertThat(updated.get("files")).containsExactly(Json.tree("lib/tools/helper.py"));
        assertThat(updated.at("/newCapabilities/tools/0/name").asString()).isEqualTo("first_tool");
        HubServers.awaitStatus(live.hub(), "dev", "connected", PATIENCE);
    }

    @Test
    void aBrokenEditIsReportedAsTheRestartsError() throws Exception {
        int mark = live.mark();
        Files.writeString(project.resolve("server.js"), "this is not javascript (");

        JsonNode updated = awaitAfter(mark, "servers_updated");

        assertThat(updated.path("reason").asString()).isEqualTo("dev_file_change");
        assertThat(updated.path("error").asString()).isNotBlank();
        assertThat(updated.has("newCapabilities")).isFalse();

        int fixed = live.mark();
        writeServer("third_tool");
        assertThat(awaitAfter(fixed, "servers_updated")
                        .at("/newCapabilities/tools/0/name")
                        .asString())
                .isEqualTo("third_tool");
        HubServers.awaitStatus(live.hub(), "dev", "connected", PATIENCE);
    }

    /** The first {@code type} event after {@code mark} that a file change in the project caused. */
    private JsonNode awaitAfter(int mark, String type) {
        return live.awaitAfter(
                        mark,
                        subscription(type)
                                .and(e -> e.json().path("reason").asString("").equals("dev_file_change")))
                .json();
    }

    /** A stdio MCP server in plain Node whose only tool is {@code tool}; it answers calls with the tool's name. */
    private void writeServer(String tool) throws Exception {
        String source = """
                const readline = require('node:readline');
                const TOOL = '%s';
                const send = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
                readline.createInterface({ input: process.stdin }).on('line', (line) => {
                  const message = JSON.parse(line);
                  if (message.id === undefined) return;
                  const reply = (result) => send({ jsonrpc: '2.0', id: message.id, result });
                  switch (message.method) {
                    case 'initialize':
                      return reply({ protocolVersion: message.params.protocolVersion, capabilities: { tools: {} },
                                     serverInfo: { name: 'dev-server', version: '1.0.0' } });
                    case 'tools/list':
                      return reply({ tools: [{ name: TOOL, inputSchema: { type: 'object' } }] });
                    case 'tools/call':
                      return reply({ content: [{ type: 'text', text: TOOL }] });
                    case 'ping':
                      return reply({});
                    default:
                      return send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
                  }
                });
                """.formatted(tool);
        Files.writeString(project.resolve("server.js"), source);
    }
}
