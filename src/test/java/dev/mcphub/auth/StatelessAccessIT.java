package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stateless (2026-07-28) requests are held to the same scopes and server limits as 2025-era sessions: a
 * read key cannot call, and a key limited to one server neither sees nor calls the others.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StatelessAccessIT {
    @TempDir
    Path dir;

    @Test
    void statelessRequestsAreHeldToTheKeysScopesAndServerLimits() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        String admin = KeysCli.create(home, "ops", "--scope", "admin");
        String reader = KeysCli.create(home, "reader", "--scope", "read");
        String memoryOnly = KeysCli.create(home, "notes", "--scope", "call", "--server", "memory");
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .stdio("memory", Fixtures.npmServer("server-memory"))
                .write(dir.resolve("servers.json"));
        try (HubProcess hub = HubProcess.builder(dir)
                .home(home)
                .config(config)
                .args("--no-marketplace")
                .start()) {
            Authed ops = new Authed(hub, admin).awaitReady(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Json.elements(ops.get("/api/servers").json().path("servers")).stream()
                            .allMatch(s -> "connected".equals(s.path("status").asString())));

            JsonNode readerCall = modern(hub, reader, "tools/call", call("everything__echo"));
            assertThat(readerCall.at("/error/message").asString()).contains("call");

            JsonNode listed = modern(hub, memoryOnly, "tools/list", Json.object());
            List<String> names = Json.elements(listed.at("/result/tools")).stream()
                    .map(tool -> tool.path("name").asString())
                    .toList();
            assertThat(names).isNotEmpty().allMatch(name -> name.startsWith("memory__"));
            JsonNode outside = modern(hub, memoryOnly, "tools/call", call("everything__echo"));
            assertThat(outside.at("/error/message").asString()).contains("may not use server 'everything'");

            JsonNode adminCall = modern(hub, admin, "tools/call", call("everything__echo"));
            assertThat(adminCall.at("/result/content/0/text").asString()).isEqualTo("Echo: hi");
        }
    }

    private static ObjectNode call(String tool) {
        ObjectNode params = Json.object().put("name", tool);
        params.putObject("arguments").put("message", "hi");
        return params;
    }

    private static JsonNode modern(HubProcess hub, String key, String method, ObjectNode params) throws Exception {
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "stateless-access-it")
                .put("version", "1");
        ObjectNode body = Json.object().put("jsonrpc", "2.0").put("id", 9).put("method", method);
        body.set("params", params);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.url("/mcp")))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(body)));
        String name = Json.string(params, "name");
        if (name != null) {
            request.header("Mcp-Name", name);
        }
        HubProcess.Reply reply = hub.send(request);
        String text = reply.body();
        // A JSON answer, or the last data line of an SSE one.
        if (text.startsWith("{")) {
            return Json.parse(text);
        }
        String last = text.lines()
                .filter(l -> l.startsWith("data:"))
                .reduce((a, b) -> b)
                .orElseThrow();
        return Json.parse(last.substring(5).trim());
    }
}
