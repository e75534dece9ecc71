package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** A key bound to a profile: that profile's endpoint only; not /mcp, another profile, or calls through REST. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProfileKeysIT {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @TempDir
    Path dir;

    @Test
    void aKeyBoundToAProfileOpensOnlyThatProfilesEndpoint() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        String admin = KeysCli.create(home, "ops", "--scope", "admin");
        String coding = KeysCli.create(home, "editor", "--scope", "call", "--profile", "coding");
        String notes = KeysCli.create(home, "notes", "--scope", "call", "--server", "memory");
        ObjectNode root = Json.object();
        ObjectNode entry = root.putObject("mcpServers").putObject("everything");
        var command = Fixtures.npmServer("server-everything");
        entry.put("command", command.getFirst());
        command.subList(1, command.size()).forEach(entry.putArray("args")::add);
        ObjectNode memory = ((ObjectNode) root.get("mcpServers")).putObject("memory");
        var memoryCommand = Fixtures.npmServer("server-memory");
        memory.put("command", memoryCommand.getFirst());
        memoryCommand.subList(1, memoryCommand.size()).forEach(memory.putArray("args")::add);
        memory.putObject("env")
                .put("MEMORY_FILE_PATH", dir.resolve("memory.jsonl").toString());
        ObjectNode profiles = root.putObject("profiles");
        ObjectNode finder = profiles.putObject("finder");
        finder.putArray("servers").add("everything").add("memory");
        finder.put("discovery", "search");
        profiles.putObject("coding").putArray("servers").add("everything");
        profiles.putObject("other").putArray("servers").add("everything");
        Path config = Files.writeString(dir.resolve("servers.json"), Json.text(root));

        try (HubProcess hub = HubProcess.builder(dir)
                .home(home)
                .config(config)
                .args("--no-marketplace")
                .start()) {
            new Authed(hub, admin).awaitReady(Duration.ofSeconds(60));
            Authed editor = new Authed(hub, coding);

            HubProcess.Reply own = editor.mcp("/profiles/coding/mcp", null, INITIALIZE);
            assertThat(own.status()).isEqualTo(200);
            HubProcess.Reply all = editor.mcp("/mcp", null, INITIALIZE);
            assertThat(all.status()).isEqualTo(403);
            assertThat(all.body()).contains("/profiles/coding/mcp");
            assertThat(editor.mcp("/profiles/other/mcp", null, INITIALIZE).status())
                    .isEqualTo(403);
            assertThat(editor.mcp("/servers/everything/mcp", null, INITIALIZE).status())
                    .isEqualTo(403);

            HubProcess.Reply rest = editor.post(
                    "/api/servers/tools",
                    "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"x\"}}");
            assertThat(rest.status()).isEqualTo(403);
            assertThat(editor.get("/api/servers").status()).isEqualTo(200);
            assertThat(KeysCli.run(home, "list").stdout()).contains("only the profiles coding");

            // A key limited to memory finds no tool of another server through a search profile.
            Authed limited = new Authed(hub, notes);
            String session = limited.initialize("/profiles/finder/mcp");
            HubProcess.Reply found = limited.mcp(
                    "/profiles/finder/mcp",
                    session,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"search_tools\","
                            + "\"arguments\":{\"query\":\"echo a message, add numbers, entities\",\"limit\":20}}}");
            assertThat(found.body()).contains("memory__").doesNotContain("everything__");
        }
    }
}
